using System.Globalization;
using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using Stateless;

namespace Governance.Workflows.Engine;

/// <summary>A unit taking part in an item, as a detail page shows it.</summary>
public sealed record ParticipantView(int UnitId, string UnitName, int? ConfirmedRevision, DateTime? ConfirmedAtUtc, string? WaitingForRole);

/// <summary>
/// Everything a detail page shows around a workflow's own fields, loaded once in one database context: the instance and
/// the definition it runs on, unit names, the journal, the participants, the open deadline, the actions this user may
/// take (disabled ones with their reason) and whether the fields may be edited.
/// </summary>
public sealed record ItemView(
    WorkflowInstance Instance,
    WorkflowDefinition Definition,
    string? OwnerUnitName,
    string? HandlingUnitName,
    string CreatedByName,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<ParticipantView> Participants,
    Deadline? OpenDeadline,
    IReadOnlyList<AvailableAction> Actions,
    string? EditRefusal,
    string? AttachmentRefusal = null)
{
    public bool CanEdit => EditRefusal is null;
    /// <summary>Whether the actor may add or remove attachments in the item's current state.</summary>
    public bool CanAttach => AttachmentRefusal is null;
    public string StateName => Definition.StateDisplayName(Instance.State);
}

/// <summary>
/// The one runtime every workflow runs on: load → authorize → guard → transition (Stateless) → journal → deadlines and
/// notifications → save, all in one transaction.
/// </summary>
public sealed class WorkflowRuntime
{
    public const string CreateTrigger = "Create";
    public const string EditTrigger = "Edit";
    /// <summary>Journal entries of attachment changes (they bump the item's version like any change).</summary>
    public const string AttachTrigger = "Attach";
    public const string DetachTrigger = "Detach";

    /// <summary>Journal data stays readable in the database: Chinese as characters, not \u escapes.</summary>
    private static readonly JsonSerializerOptions JournalJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private readonly IDbContextFactory<GovernanceDbContext> _dbFactory;
    private readonly WorkflowRegistry _registry;
    private readonly DeadlinePlanner _deadlines;
    private readonly ChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;

    /// <summary>
    /// Every rules class a registered definition names must be resolvable: a missing registration is an error here, when
    /// the application starts, never a silent fallback at the first fire.
    /// </summary>
    public WorkflowRuntime(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRegistry registry, DeadlinePlanner deadlines,
        ChangeFeed feed, TimeProvider time, IServiceProvider services)
    {
        (_dbFactory, _registry, _deadlines, _feed, _time, _services) = (dbFactory, registry, deadlines, feed, time, services);
        foreach (var def in registry.All)
        foreach (var type in def.RuleTypes)
        {
            if (services.GetService(type) is null)
                throw new InvalidOperationException(
                    $"Workflow {def.Key} v{def.Version} uses rules {type.FullName}, which is not registered (add it in the module's AddServices).");
        }
    }

    public WorkflowRegistry Registry => _registry;

    /// <summary>
    /// Creates an instance in the definition's initial state (latest version) and its business row, in one transaction.
    /// </summary>
    public async Task<WorkflowInstance> StartAsync(string definitionKey, Actor actor, int ownerUnitId, string title,
        Action<GovernanceDbContext, WorkflowInstance> addBusinessRow, CancellationToken ct = default, int? handlingUnitId = null,
        string? startState = null)
    {
        var def = _registry.Latest(definitionKey);
        var now = _time.GetUtcNow().UtcDateTime;
        // A definition may start in another of its states than the initial one (a measure that needs no reply is recorded final).
        if (startState is not null && !def.States.Any(s => s.Name == startState))
            throw new ArgumentException($"{def.Key} has no state {startState}", nameof(startState));
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var initial = def.State(startState ?? def.InitialState);
        var instance = new WorkflowInstance
        {
            DefinitionKey = def.Key, DefinitionVersion = def.Version, State = initial.Name, Title = title,
            Number = $"{def.NumberPrefix}-{Guid.NewGuid():N}"[..20], OwnerUnitId = ownerUnitId, HandlingUnitId = handlingUnitId,
            CreatedByUserId = actor.UserId, CreatedAtUtc = now, UpdatedAtUtc = now, StateEnteredAtUtc = now, StateEntrySeq = 1,
            Version = 1,
        };
        SetWaiting(instance, initial);
        db.WorkflowInstances.Add(instance);
        await db.SaveChangesAsync(ct);
        // A readable number from the row id: ZL-2026-00012.
        instance.Number = $"{def.NumberPrefix}-{ChinaTime.Year(now)}-{instance.Id:D5}";
        addBusinessRow(db, instance);
        // The creator acts in the role the initial state waits for (e.g. Editor), not whichever of their roles comes first.
        var createRole = initial.WaitingForRole is { } waiting && actor.IsInRole(waiting) ? waiting : actor.Roles.FirstOrDefault() ?? "";
        db.JournalEntries.Add(Journal(instance, 1, actor, createRole, CreateTrigger, "", initial.Name, null, null, now));
        await _deadlines.OpenAsync(db, instance, initial, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _feed.PublishInstance(instance.Id, SeeingUnits(db, instance, []));
        return instance;
    }

    /// <summary>Loads an instance the actor may see; null when it does not exist or belongs to a unit they may not see.</summary>
    public async Task<WorkflowInstance?> FindVisibleAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        return instance is not null && await Visibility.CanSeeAsync(db, instance, actor, ct) ? instance : null;
    }

    /// <summary>
    /// The detail page's data in one context: instance, unit names, journal, participants, open deadline, actions (each
    /// concern read once). Null when the item does not exist or the actor may not see it.
    /// </summary>
    public async Task<ItemView?> LoadAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from i in db.WorkflowInstances.AsNoTracking()
            where i.Id == instanceId
            select new
            {
                Instance = i,
                Owner = i.OwnerUnit != null ? i.OwnerUnit.Name : null,
                Handling = i.HandlingUnit != null ? i.HandlingUnit.Name : null,
                Creator = db.Users.Where(u => u.Id == i.CreatedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var instance = row.Instance;
        var participants = await db.InstanceParticipants.AsNoTracking().Where(p => p.InstanceId == instanceId)
            .Select(p => new ParticipantView(p.UnitId, p.Unit!.Name, p.ConfirmedRevision, p.ConfirmedAtUtc, p.WaitingForRole))
            .ToListAsync(ct);
        var participantUnits = participants.Select(p => p.UnitId).ToList();
        if (!Visibility.CanSee(instance, participantUnits, actor)) return null;
        var def = _registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        var journal = await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync(ct);
        var deadline = await db.Deadlines.AsNoTracking().OpenFor(instanceId).FirstOrDefaultAsync(ct);
        var actions = await ActionsAsync(db, def, instance, actor, journal, participantUnits, ct);
        var creator = row.Creator ?? journal.FirstOrDefault()?.ActorName ?? "";
        return new ItemView(instance, def, row.Owner, row.Handling, creator, journal, participants, deadline, actions,
            AuthorizeEdit(def, instance, actor),
            actor.Roles.All(r => r == Roles.Observer) ? "协同监管用户只能查看。" : AuthorizeAttachments(def, instance, actor, participantUnits));
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || !await Visibility.CanSeeAsync(db, instance, actor, ct)) return [];
        return await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync(ct);
    }

    /// <summary>The triggers the actor may fire now and that would be accepted. The server checks again on fire.</summary>
    public async Task<IReadOnlyList<AvailableAction>> AvailableActionsAsync(long instanceId, Actor actor, CancellationToken ct = default) =>
        (await ActionsAsync(instanceId, actor, ct)).Where(a => a.IsEnabled).ToList();

    /// <summary>
    /// The buttons of the detail page: every trigger the state permits and the actor's role and unit fit, those the item
    /// or separation of duty does not allow yet carrying the reason (shown disabled).
    /// </summary>
    public async Task<IReadOnlyList<AvailableAction>> ActionsAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return [];
        var participants = await ParticipantUnitsAsync(db, instanceId, ct);
        if (!Visibility.CanSee(instance, participants, actor)) return [];
        var def = _registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        var journal = await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync(ct);
        return await ActionsAsync(db, def, instance, actor, journal, participants, ct);
    }

    private async Task<IReadOnlyList<AvailableAction>> ActionsAsync(GovernanceDbContext db, WorkflowDefinition def, WorkflowInstance instance,
        Actor actor, IReadOnlyList<JournalEntry> journal, IReadOnlyCollection<int> participants, CancellationToken ct)
    {
        var state = instance.State;
        var machine = BuildMachine(def, () => state, s => state = s);
        var permitted = (await machine.GetPermittedTriggersAsync()).ToHashSet();
        var result = new List<AvailableAction>();
        foreach (var t in def.Triggers.Where(t => permitted.Contains(t.Name)))
        {
            if (AuthorizeRoleAndUnit(t, instance, actor, participants, out var role) is not null) continue;
            var refusal = SeparationOfDuty(def, t, actor, journal);
            if (refusal is null && t.Precondition is not null)
            {
                var ctx = NewContext(instance, actor, role!, FireInput.Empty, db, journal, _time.GetUtcNow().UtcDateTime);
                refusal = (await t.Precondition(ctx))?.Message;
            }
            result.Add(new AvailableAction(t.Name, t.DisplayName, role!, t.CommentRequired, t.Style, t.Fields, refusal));
        }
        return result;
    }

    /// <summary>
    /// Whether the actor may edit the item's fields now: the responsible unit's Editor (the handling unit once handed
    /// over, else the owner), in an editable state. Null when allowed, else the reason.
    /// </summary>
    public static string? AuthorizeEdit(WorkflowDefinition def, WorkflowInstance instance, Actor actor)
    {
        if (!def.State(instance.State).Editable) return $"当前状态（{def.StateDisplayName(instance.State)}）不能修改。";
        if (!actor.IsInRole(Roles.Editor) || actor.UnitId != ResponsibleUnit(instance)) return "只有承办单位的信息员可以修改。";
        return null;
    }

    /// <summary>
    /// Whether the actor may add or remove attachments now: the state's attachment rule (roles within its scope); final
    /// states are frozen. Null when allowed, else the reason.
    /// </summary>
    public static string? AuthorizeAttachments(WorkflowDefinition def, WorkflowInstance instance, Actor actor,
        IReadOnlyCollection<int> participantUnits)
    {
        var state = def.State(instance.State);
        if (state.Attachments.IsFrozen)
            return state.IsFinal ? $"事项已办结（{state.DisplayName}），附件已封存，不能再上传或删除。" : $"当前状态（{state.DisplayName}）不能上传或删除附件。";
        var role = state.Attachments.Roles.FirstOrDefault(actor.IsInRole);
        if (role is null)
            return $"当前状态（{state.DisplayName}）只有{string.Join("或", state.Attachments.Roles.Select(RoleName))}可以上传或删除附件。";
        return state.Attachments.Scope switch
        {
            UnitScope.OwnerUnit when actor.UnitId != instance.OwnerUnitId => "只有本单位人员可以上传或删除本事项的附件。",
            UnitScope.HandlingUnit when actor.UnitId != ResponsibleUnit(instance) => "只有承办单位人员可以上传或删除本事项的附件。",
            UnitScope.ParticipantUnit when !participantUnits.Contains(actor.UnitId) => "只有本事项涉及的单位可以上传或删除附件。",
            _ => null,
        };
    }

    /// <summary>
    /// Journals an attachment change in the caller's unit of work and bumps the item's version (tracked, not saved): an
    /// open page on the old version is stale, and the history shows who added or removed which file.
    /// </summary>
    internal static async Task RecordAttachmentChangeAsync(GovernanceDbContext db, WorkflowInstance instance, Actor actor, string trigger,
        string fileName, string purposeName, DateTime now, CancellationToken ct)
    {
        var seq = await NextSeqAsync(db, instance.Id, ct);
        var data = JsonSerializer.Serialize(new Dictionary<string, string?> { ["file"] = fileName, ["purpose"] = purposeName }, JournalJson);
        var role = actor.Roles.FirstOrDefault() ?? "";
        db.JournalEntries.Add(Journal(instance, seq, actor, role, trigger, instance.State, instance.State, null, data, now));
        instance.Version++;
        instance.UpdatedAtUtc = now;
    }

    /// <summary>
    /// Records an edit of the business fields: checks visibility, the version and the edit rule, applies
    /// <paramref name="apply"/>, journals it, bumps the version — in one transaction.
    /// </summary>
    public async Task<FireResult> EditAsync(long instanceId, int expectedVersion, Actor actor,
        Func<GovernanceDbContext, WorkflowInstance, Task<Refusal?>> apply, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null) return FireResult.NotFound();
        // The participants once: for who may see the item, and for whose lists the edit concerns (before and after it).
        var participants = await ParticipantUnitsAsync(db, instanceId, ct);
        if (!Visibility.CanSee(instance, participants, actor)) return FireResult.NotFound();
        if (instance.Version != expectedVersion) return FireResult.Conflict();
        var def = _registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        if (AuthorizeEdit(def, instance, actor) is { } reason) return FireResult.Forbidden(reason);
        var reach = SeeingUnits(db, instance, participants);
        if (await apply(db, instance) is { } refusal) return FireResult.Invalid(refusal.Message, refusal.FieldErrors);
        // 第15条 防篡改: what the edit changed (each field before and after) goes into the journal and the hashed audit chain.
        var changes = FieldChanges.Collect(db.ChangeTracker);
        var seq = await NextSeqAsync(db, instanceId, ct);
        db.JournalEntries.Add(Journal(instance, seq, actor, Roles.Editor, EditTrigger, instance.State, instance.State, null,
            FieldChanges.JournalData(changes), now));
        await Audit.AuditLog.AppendAsync(db, actor.UserId, actor.Name, "edit",
            $"{instance.Number} {def.TriggerDisplayName(EditTrigger)}：{FieldChanges.Describe(changes)}", now, ct);
        instance.Version++;
        instance.UpdatedAtUtc = now;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FireResult.Conflict();
        }
        reach.UnionWith(SeeingUnits(db, instance, participants));
        _feed.PublishInstance(instanceId, reach);
        return new FireResult(FireStatus.Applied, "已保存。", instance.Version, instance.State);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> on the instance for the actor. A stale <paramref name="expectedVersion"/> is a
    /// conflict; a trigger the actor may not fire is refused with a reason; nothing changes unless the result is Applied.
    /// </summary>
    public async Task<FireResult> FireAsync(long instanceId, int expectedVersion, string trigger, Actor actor, FireInput input,
        CancellationToken ct = default)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        // Bidi overrides, control and invisible characters never reach the journal (第15条: what is recorded is what is shown).
        input = input with
        {
            Comment = Text.PlainText.CleanOrNull(input.Comment),
            Fields = input.Fields?.ToDictionary(f => f.Key, f => Text.PlainText.CleanOrNull(f.Value)),
        };
        List<string> notified;
        HashSet<int> reach;
        string newState;
        int newVersion;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            // SQLite: BEGIN IMMEDIATE — the second of two simultaneous fires waits here, then sees the new version.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
            if (instance is null) return FireResult.NotFound();
            var participants = await ParticipantUnitsAsync(db, instanceId, ct);
            if (!Visibility.CanSee(instance, participants, actor)) return FireResult.NotFound();
            if (instance.Version != expectedVersion) return FireResult.Conflict();
            // Who sees the item before the transition (a hand-over takes it from one unit's lists to another's).
            reach = SeeingUnits(db, instance, participants);

            var def = _registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
            var t = def.Trigger(trigger);
            if (t is null) return FireResult.Invalid($"未知操作：{trigger}");
            var machine = BuildMachine(def, () => instance.State, s => instance.State = s);
            if (!machine.CanFire(t.Name))
                return FireResult.Forbidden($"当前状态（{def.StateDisplayName(instance.State)}）不能执行“{t.DisplayName}”。");

            var journal = await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync(ct);
            if (AuthorizeRoleAndUnit(t, instance, actor, participants, out var role) is { } denied) return FireResult.Forbidden(denied);
            if (SeparationOfDuty(def, t, actor, journal) is { } separation) return FireResult.Forbidden(separation);

            var comment = input.Comment?.Trim();
            if (t.CommentRequired && string.IsNullOrWhiteSpace(comment))
                return FireResult.Invalid($"“{t.DisplayName}”必须填写理由或意见。", new Dictionary<string, string> { ["comment"] = "请填写理由" });
            if (comment is { Length: > 2000 }) return FireResult.Invalid("意见不能超过 2000 字。");
            if (await CheckFieldsAsync(db, t, input, ct) is { } fieldRefusal) return FireResult.Invalid(fieldRefusal.Message, fieldRefusal.FieldErrors);

            var ctx = NewContext(instance, actor, role!, input with { Comment = comment }, db, journal, now);
            if (t.Precondition is not null && await t.Precondition(ctx) is { } unmet) return FireResult.Invalid(unmet.Message, unmet.FieldErrors);
            if (t.Guard is not null && await t.Guard(ctx) is { } refusal) return FireResult.Invalid(refusal.Message, refusal.FieldErrors);

            var from = instance.State;
            await machine.FireAsync(t.Name);
            var to = instance.State;
            var toDef = def.State(to);
            if (t.Effect is not null) await t.Effect(ctx);
            // What the dialog collected (URL, ticks, notes, statements) stays in the journal entry.
            foreach (var f in t.Fields) ctx.JournalData.TryAdd(f.Name, input.Field(f.Name)?.Trim());

            var handedOver = ctx.HandOverRequest.Set;
            if (handedOver)
            {
                instance.HandlingUnitId = ctx.HandOverRequest.UnitId;
                var unitName = ctx.HandOverRequest.UnitId is { } handTo
                    ? await db.Units.Where(u => u.Id == handTo).Select(u => u.Name).FirstOrDefaultAsync(ct) : null;
                // Every hand-over is journaled: to whom, by id and name (null: back to the owner).
                ctx.JournalData["handedToUnitId"] = ctx.HandOverRequest.UnitId?.ToString(CultureInfo.InvariantCulture);
                ctx.JournalData["handedToUnit"] = unitName ?? "（退回主办单位）";
            }

            var leaves = t.To is not null;
            var fromDef = def.State(from);
            var carried = false;
            if (leaves)
            {
                instance.StateEntrySeq++;
                instance.StateEnteredAtUtc = now;
                SetWaiting(instance, toDef);
                // States of one deadline span keep its deadline running; otherwise the old one closes.
                carried = await DeadlinePlanner.CarryOverAsync(db, instance, fromDef, toDef, ct);
                if (!carried) await DeadlinePlanner.CloseOpenAsync(db, instance.Id, now, ct);
            }
            else if (handedOver) SetWaiting(instance, toDef);
            instance.UpdatedAtUtc = now;
            instance.Version++;
            var seq = journal.Count == 0 ? 1 : journal.Max(j => j.Seq) + 1;
            db.JournalEntries.Add(Journal(instance, seq, actor, role!, t.Name, from, to, comment,
                ctx.JournalData.Count == 0 ? null : JsonSerializer.Serialize(ctx.JournalData, JournalJson), now));
            if (leaves && !carried) await _deadlines.OpenAsync(db, instance, toDef, now, ct);
            notified = await NotifyAsync(db, def, instance, t, toDef, leaves || handedOver, actor, seq, comment, now, ct);
            notified.AddRange(ctx.Notified);
            await Audit.AuditLog.AppendAsync(db, actor.UserId, actor.Name, "transition",
                $"{instance.Number} {def.TriggerDisplayName(t.Name)}：{def.StateDisplayName(from)} → {def.StateDisplayName(to)}", now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return FireResult.Conflict();
            }
            newState = to;
            newVersion = instance.Version;
            reach.UnionWith(SeeingUnits(db, instance, participants));
        }
        _feed.PublishInstance(instanceId, reach);
        _feed.PublishNotifications(notified);
        return new FireResult(FireStatus.Applied, "操作成功。", newVersion, newState);
    }

    private TriggerContext NewContext(WorkflowInstance instance, Actor actor, string role, FireInput input, GovernanceDbContext db,
        IReadOnlyList<JournalEntry> journal, DateTime now) =>
        new(_services) { Instance = instance, Actor = actor, ActingRole = role, Input = input, Db = db, Journal = journal, NowUtc = now };

    /// <summary>Required inputs present; a unit field names an active unit; a number field is a whole number in range.</summary>
    private static async Task<Refusal?> CheckFieldsAsync(GovernanceDbContext db, TriggerDefinition t, FireInput input, CancellationToken ct)
    {
        var missing = t.Fields.Where(f => f.Required && (f.IsCheck ? input.Field(f.Name) != "true" : string.IsNullOrWhiteSpace(input.Field(f.Name))))
            .ToList();
        if (missing.Count > 0)
            return new Refusal((missing.All(f => f.IsCheck) ? "请逐项确认：" : "请填写必填项：") + string.Join("、", missing.Select(f => f.Label)),
                missing.ToDictionary(f => f.Name, f => f.IsCheck ? $"须确认{f.Label}" : $"请填写{f.Label}"));
        foreach (var f in t.Fields)
        {
            var value = input.Field(f.Name)?.Trim();
            if (string.IsNullOrEmpty(value)) continue;
            if (f.Kind == FieldKind.Unit)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var unitId)
                    || !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct))
                    return new Refusal($"{f.Label}须为一个在用的单位。", new Dictionary<string, string> { [f.Name] = "请选择有效的单位" });
            }
            else if (f.Kind == FieldKind.Number)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < f.Min || n > f.Max)
                    return new Refusal($"{f.Label}须为 {f.Min} 至 {f.Max} 之间的整数。",
                        new Dictionary<string, string> { [f.Name] = $"请填写 {f.Min}—{f.Max} 的整数" });
            }
        }
        return null;
    }

    /// <summary>The unit that handles the item now: the one it was handed to, else its owner.</summary>
    public static int? ResponsibleUnit(WorkflowInstance instance) => instance.HandlingUnitId ?? instance.OwnerUnitId;

    /// <summary>Role and unit scope. Returns the refusal reason, or null with the acting role.</summary>
    internal static string? AuthorizeRoleAndUnit(TriggerDefinition t, WorkflowInstance instance, Actor actor,
        IReadOnlyCollection<int> participantUnits, out string? actingRole)
    {
        actingRole = t.ByRoles.FirstOrDefault(actor.IsInRole);
        if (actingRole is null)
            return $"“{t.DisplayName}”只能由{string.Join("或", t.ByRoles.Select(RoleName))}执行。";
        return t.Scope switch
        {
            UnitScope.OwnerUnit when actor.UnitId != instance.OwnerUnitId => $"“{t.DisplayName}”只能由本单位人员执行。",
            UnitScope.HandlingUnit when actor.UnitId != ResponsibleUnit(instance) => $"“{t.DisplayName}”只能由承办单位人员执行。",
            UnitScope.ParticipantUnit when !participantUnits.Contains(actor.UnitId) => $"“{t.DisplayName}”只能由本事项涉及的单位执行。",
            _ => null,
        };
    }

    private static string RoleName(string role) => role == Actor.SystemRole ? "系统" : Roles.DisplayName(role);

    /// <summary>Separation of duty (审发分离): not anyone who ever fired one of the named triggers on this item.</summary>
    internal static string? SeparationOfDuty(WorkflowDefinition def, TriggerDefinition t, Actor actor, IReadOnlyList<JournalEntry> journal)
    {
        foreach (var other in t.NotSameActorAs)
        {
            // Anyone who ever fired it on this instance, not only the last one: otherwise an applicant could have a
            // colleague resubmit after a return and then approve their own request.
            if (journal.Any(j => j.Trigger == other && j.ActorUserId == actor.UserId))
                return $"审发分离：您已在本事项中执行过“{def.TriggerDisplayName(other)}”，不能再执行“{t.DisplayName}”。";
        }
        return null;
    }

    /// <summary>A Stateless machine over external state, built per operation (Stateless machines are not thread-safe).</summary>
    internal static StateMachine<string, string> BuildMachine(WorkflowDefinition def, Func<string> getState, Action<string> setState)
    {
        var machine = new StateMachine<string, string>(getState, setState);
        foreach (var s in def.States) machine.Configure(s.Name);
        foreach (var t in def.Triggers)
        {
            foreach (var from in t.From)
            {
                if (t.To is null) machine.Configure(from).InternalTransition(t.Name, _ => { });
                else if (from == t.To) machine.Configure(from).PermitReentry(t.Name);
                else machine.Configure(from).Permit(t.Name, t.To);
            }
        }
        return machine;
    }

    private static async Task<IReadOnlyCollection<int>> ParticipantUnitsAsync(GovernanceDbContext db, long instanceId, CancellationToken ct) =>
        await db.InstanceParticipants.Where(p => p.InstanceId == instanceId).Select(p => p.UnitId).ToListAsync(ct);

    /// <summary>
    /// The units whose people may see the instance as it stands (<see cref="Visibility"/>: owner, handling, participants —
    /// those read, and those this unit of work tracks). A change concerns these units' lists (<see cref="InstanceChange"/>).
    /// </summary>
    internal static HashSet<int> SeeingUnits(GovernanceDbContext db, WorkflowInstance instance, IEnumerable<int> participantUnits)
    {
        var units = new HashSet<int>(participantUnits);
        if (instance.OwnerUnitId is { } owner) units.Add(owner);
        if (instance.HandlingUnitId is { } handling) units.Add(handling);
        foreach (var p in db.InstanceParticipants.Local)
            if (p.InstanceId == instance.Id) units.Add(p.UnitId);
        return units;
    }

    /// <summary><see cref="SeeingUnits(GovernanceDbContext, WorkflowInstance, IEnumerable{int})"/>, reading the participants.</summary>
    internal static async Task<HashSet<int>> SeeingUnitsAsync(GovernanceDbContext db, WorkflowInstance instance, CancellationToken ct) =>
        SeeingUnits(db, instance, await ParticipantUnitsAsync(db, instance.Id, ct));

    /// <summary>What the 工作台 reads: who acts next, in which unit (the owner's or the handling unit's, or any).</summary>
    internal static void SetWaiting(WorkflowInstance instance, StateDefinition state)
    {
        instance.IsFinal = state.IsFinal;
        instance.WaitingForRole = state.IsFinal ? null : state.WaitingForRole;
        instance.WaitingForUnitId = state.WaitingForRole is null || state.IsFinal ? null : state.WaitingScope switch
        {
            UnitScope.OwnerUnit => instance.OwnerUnitId,
            UnitScope.HandlingUnit => ResponsibleUnit(instance),
            _ => null,
        };
    }

    private static async Task<int> NextSeqAsync(GovernanceDbContext db, long instanceId, CancellationToken ct) =>
        (await db.JournalEntries.Where(j => j.InstanceId == instanceId).MaxAsync(j => (int?)j.Seq, ct) ?? 0) + 1;

    private static JournalEntry Journal(WorkflowInstance instance, int seq, Actor actor, string role, string trigger, string from,
        string to, string? comment, string? data, DateTime now) => new()
    {
        InstanceId = instance.Id, Seq = seq, AtUtc = now, ActorUserId = actor.UserId, ActorName = actor.Name, ActorRole = role,
        ActorUnitId = actor.IsSystem ? null : actor.UnitId, ActorUnitName = actor.IsSystem ? null : actor.UnitName, Trigger = trigger,
        FromState = from, ToState = to, Comment = comment, Data = data,
    };

    /// <summary>Who hears of a transition: whoever acts next, and the creator when the trigger says so.</summary>
    private static async Task<List<string>> NotifyAsync(GovernanceDbContext db, WorkflowDefinition def, WorkflowInstance instance,
        TriggerDefinition t, StateDefinition to, bool entered, Actor actor, int seq, string? comment, DateTime now, CancellationToken ct)
    {
        var recipients = new List<string>();
        var link = def.Link(instance.Id);
        if (entered && !to.IsFinal && to.WaitingForRole is { } role)
        {
            var users = await NotificationService.UsersInRole(db, role, instance.WaitingForUnitId).ToListAsync(ct);
            users.Remove(actor.UserId);
            NotificationService.Add(db, users, "assigned", $"待办：{def.DisplayName}「{instance.Title}」待您{to.DisplayName}",
                comment, link, instance.Id, $"t:{instance.Id}:{seq}:next", now);
            recipients.AddRange(users);
        }
        // The system (an intake API, a sweep) is no user to notify.
        if (t.NotifyCreatorAs is { } message && instance.CreatedByUserId != actor.UserId && !Actor.IsSystemId(instance.CreatedByUserId))
        {
            NotificationService.Add(db, [instance.CreatedByUserId], "status", $"{def.DisplayName}「{instance.Title}」{message}",
                comment, link, instance.Id, $"t:{instance.Id}:{seq}:creator", now);
            recipients.Add(instance.CreatedByUserId);
        }
        return recipients;
    }
}
