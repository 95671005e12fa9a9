using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using Stateless;

namespace Governance.Workflows.Engine;

/// <summary>
/// The one runtime every workflow runs on: load → authorize → guard → transition (Stateless) → journal → deadlines and
/// notifications → save, all in one transaction.
/// </summary>
public sealed class WorkflowRuntime(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    WorkflowRegistry registry,
    DeadlinePlanner deadlines,
    ChangeFeed feed,
    TimeProvider time,
    IServiceProvider? services = null)
{
    public const string CreateTrigger = "Create";

    /// <summary>Journal data stays readable in the database: Chinese as characters, not \u escapes.</summary>
    private static readonly JsonSerializerOptions JournalJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
    public const string EditTrigger = "Edit";

    public WorkflowRegistry Registry => registry;

    /// <summary>
    /// Creates an instance in the definition's initial state (latest version) and its business row, in one transaction.
    /// </summary>
    public async Task<WorkflowInstance> StartAsync(string definitionKey, Actor actor, int ownerUnitId, string title,
        Action<GovernanceDbContext, WorkflowInstance> addBusinessRow, CancellationToken ct = default)
    {
        var def = registry.Latest(definitionKey);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var initial = def.State(def.InitialState);
        var instance = new WorkflowInstance
        {
            DefinitionKey = def.Key, DefinitionVersion = def.Version, State = initial.Name, Title = title,
            Number = $"{def.NumberPrefix}-{Guid.NewGuid():N}"[..20], OwnerUnitId = ownerUnitId,
            CreatedByUserId = actor.UserId, CreatedAtUtc = now, UpdatedAtUtc = now, StateEnteredAtUtc = now, StateEntrySeq = 1,
            Version = 1,
        };
        SetWaiting(instance, initial);
        db.WorkflowInstances.Add(instance);
        await db.SaveChangesAsync(ct);
        // A readable number from the row id: ZL-2026-00012.
        instance.Number = $"{def.NumberPrefix}-{WorkflowCalendarYear(now)}-{instance.Id:D5}";
        addBusinessRow(db, instance);
        // The creator acts in the role the initial state waits for (e.g. Editor), not whichever of their roles comes first.
        var createRole = initial.WaitingForRole is { } waiting && actor.IsInRole(waiting) ? waiting : actor.Roles.FirstOrDefault() ?? "";
        db.JournalEntries.Add(Journal(instance, 1, actor, createRole, CreateTrigger, "", initial.Name, null, null, now));
        await deadlines.OpenAsync(db, instance, initial, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        feed.PublishInstance(instance.Id);
        return instance;
    }

    private static int WorkflowCalendarYear(DateTime utc) => utc.AddHours(8).Year;

    /// <summary>Loads an instance the actor may see; null when it does not exist or belongs to a unit they may not see.</summary>
    public async Task<WorkflowInstance?> FindVisibleAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        return instance is not null && await CanSeeAsync(db, instance, actor, ct) ? instance : null;
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || !await CanSeeAsync(db, instance, actor, ct)) return [];
        return await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync(ct);
    }

    /// <summary>The open deadline of the instance's current state, if any.</summary>
    public async Task<Deadline?> OpenDeadlineAsync(long instanceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instanceId && d.ClosedAtUtc == null)
            .OrderByDescending(d => d.StateEntrySeq).FirstOrDefaultAsync(ct);
    }

    /// <summary>The triggers the actor may fire now (the buttons on the detail page). The server checks again on fire.</summary>
    public async Task<IReadOnlyList<AvailableAction>> AvailableActionsAsync(long instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || !await CanSeeAsync(db, instance, actor, ct)) return [];
        var def = registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        var state = instance.State;
        var machine = BuildMachine(def, () => state, s => state = s);
        var permitted = (await machine.GetPermittedTriggersAsync()).ToHashSet();
        var journal = await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).ToListAsync(ct);
        var participants = await ParticipantUnitsAsync(db, instanceId, ct);
        var result = new List<AvailableAction>();
        foreach (var t in def.Triggers.Where(t => permitted.Contains(t.Name)))
        {
            if (Authorize(def, t, instance, actor, journal, participants, out var role) is null)
                result.Add(new AvailableAction(t.Name, t.DisplayName, role!, t.CommentRequired, t.Style, t.Fields));
        }
        return result;
    }

    /// <summary>Whether the actor may edit the item's fields now (owner unit's Editor, in an editable state).</summary>
    public static string? AuthorizeEdit(WorkflowDefinition def, WorkflowInstance instance, Actor actor)
    {
        if (!actor.CanSeeUnit(instance.OwnerUnitId)) return "您无权查看该事项。";
        if (!def.State(instance.State).Editable) return $"当前状态（{def.StateDisplayName(instance.State)}）不能修改。";
        if (!actor.IsInRole(Roles.Editor) || actor.UnitId != instance.OwnerUnitId) return "只有本单位信息员可以修改。";
        return null;
    }

    /// <summary>
    /// Records an edit of the business fields: checks the version and the edit rule, applies <paramref name="apply"/>,
    /// journals it, bumps the version — in one transaction.
    /// </summary>
    public async Task<FireResult> EditAsync(long instanceId, int expectedVersion, Actor actor,
        Func<GovernanceDbContext, WorkflowInstance, Task<Refusal?>> apply, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || !actor.CanSeeUnit(instance.OwnerUnitId)) return FireResult.NotFound();
        if (instance.Version != expectedVersion) return FireResult.Conflict();
        var def = registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        if (AuthorizeEdit(def, instance, actor) is { } reason) return FireResult.Forbidden(reason);
        if (await apply(db, instance) is { } refusal) return FireResult.Invalid(refusal.Message, refusal.FieldErrors);
        var seq = await NextSeqAsync(db, instanceId, ct);
        db.JournalEntries.Add(Journal(instance, seq, actor, Roles.Editor, EditTrigger, instance.State, instance.State, null, null, now));
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
        feed.PublishInstance(instanceId);
        return new FireResult(FireStatus.Applied, "已保存。", instance.Version, instance.State);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> on the instance for the actor. A stale <paramref name="expectedVersion"/> is a
    /// conflict; a trigger the actor may not fire is refused with a reason; nothing changes unless the result is Applied.
    /// </summary>
    public async Task<FireResult> FireAsync(long instanceId, int expectedVersion, string trigger, Actor actor, FireInput input,
        CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<string> notified;
        string newState;
        int newVersion;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // SQLite: BEGIN IMMEDIATE — the second of two simultaneous fires waits here, then sees the new version.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, ct);
            if (instance is null || !await CanSeeAsync(db, instance, actor, ct)) return FireResult.NotFound();
            if (instance.Version != expectedVersion) return FireResult.Conflict();

            var def = registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
            var t = def.Trigger(trigger);
            if (t is null) return FireResult.Invalid($"未知操作：{trigger}");
            var machine = BuildMachine(def, () => instance.State, s => instance.State = s);
            if (!machine.CanFire(t.Name))
                return FireResult.Forbidden($"当前状态（{def.StateDisplayName(instance.State)}）不能执行“{t.DisplayName}”。");

            var journal = await db.JournalEntries.AsNoTracking().Where(j => j.InstanceId == instanceId).ToListAsync(ct);
            var participants = await ParticipantUnitsAsync(db, instanceId, ct);
            if (Authorize(def, t, instance, actor, journal, participants, out var role) is { } reason) return FireResult.Forbidden(reason);

            var comment = input.Comment?.Trim();
            if (t.CommentRequired && string.IsNullOrWhiteSpace(comment))
                return FireResult.Invalid($"“{t.DisplayName}”必须填写理由或意见。", new Dictionary<string, string> { ["comment"] = "请填写理由" });
            if (comment is { Length: > 2000 }) return FireResult.Invalid("意见不能超过 2000 字。");
            var missing = t.Fields.Where(f => f.Required && (f.IsCheck ? input.Field(f.Name) != "true" : string.IsNullOrWhiteSpace(input.Field(f.Name))))
                .ToList();
            if (missing.Count > 0)
                return FireResult.Invalid((missing.All(f => f.IsCheck) ? "请逐项确认：" : "请填写必填项：") + string.Join("、", missing.Select(f => f.Label)),
                    missing.ToDictionary(f => f.Name, f => f.IsCheck ? $"须确认{f.Label}" : $"请填写{f.Label}"));

            var ctx = new TriggerContext { Instance = instance, Actor = actor, ActingRole = role!, Input = input with { Comment = comment }, Db = db, NowUtc = now,
                Services = services ?? EmptyServices.Instance };
            if (t.Guard is not null && await t.Guard(ctx) is { } refusal) return FireResult.Invalid(refusal.Message, refusal.FieldErrors);

            var from = instance.State;
            await machine.FireAsync(t.Name);
            var to = instance.State;
            var toDef = def.State(to);
            if (t.Effect is not null) await t.Effect(ctx);
            // What the dialog collected (URL, ticks, notes, statements) stays in the journal entry.
            foreach (var f in t.Fields) ctx.JournalData.TryAdd(f.Name, input.Field(f.Name)?.Trim());

            var leaves = t.To is not null;
            if (leaves)
            {
                await DeadlinePlanner.CloseOpenAsync(db, instance.Id, now, ct);
                instance.StateEntrySeq++;
                instance.StateEnteredAtUtc = now;
                SetWaiting(instance, toDef);
            }
            instance.UpdatedAtUtc = now;
            instance.Version++;
            var seq = journal.Count == 0 ? 1 : journal.Max(j => j.Seq) + 1;
            db.JournalEntries.Add(Journal(instance, seq, actor, role!, t.Name, from, to, comment,
                ctx.JournalData.Count == 0 ? null : JsonSerializer.Serialize(ctx.JournalData, JournalJson), now));
            if (leaves) await deadlines.OpenAsync(db, instance, toDef, now, ct);
            notified = await NotifyAsync(db, def, instance, t, toDef, leaves, actor, seq, comment, now, ct);
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
        }
        feed.PublishInstance(instanceId);
        feed.PublishNotifications(notified);
        return new FireResult(FireStatus.Applied, "操作成功。", newVersion, newState);
    }

    /// <summary>Role, unit scope and separation of duty. Returns the refusal reason, or null with the acting role.</summary>
    internal static string? Authorize(WorkflowDefinition def, TriggerDefinition t, WorkflowInstance instance, Actor actor, IReadOnlyList<JournalEntry> journal,
        IReadOnlyCollection<int> participantUnits, out string? actingRole)
    {
        actingRole = t.ByRoles.FirstOrDefault(actor.IsInRole);
        if (actingRole is null)
            return $"“{t.DisplayName}”只能由{string.Join("或", t.ByRoles.Select(Roles.DisplayName))}执行。";
        if (t.Scope == UnitScope.OwnerUnit && actor.UnitId != instance.OwnerUnitId)
            return $"“{t.DisplayName}”只能由本单位人员执行。";
        if (t.Scope == UnitScope.ParticipantUnit && !participantUnits.Contains(actor.UnitId))
            return $"“{t.DisplayName}”只能由本事项涉及的单位执行。";
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

    /// <summary>
    /// Who may see an item: county-level roles, its owner unit, and the units taking part in it (participants).
    /// Everything that reads or acts on an instance goes through here.
    /// </summary>
    internal static async Task<bool> CanSeeAsync(GovernanceDbContext db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        actor.CanSeeUnit(instance.OwnerUnitId)
        || await db.InstanceParticipants.AnyAsync(p => p.InstanceId == instance.Id && p.UnitId == actor.UnitId, ct);

    private static async Task<IReadOnlyCollection<int>> ParticipantUnitsAsync(GovernanceDbContext db, long instanceId, CancellationToken ct) =>
        await db.InstanceParticipants.Where(p => p.InstanceId == instanceId).Select(p => p.UnitId).ToListAsync(ct);

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }

    private static void SetWaiting(WorkflowInstance instance, StateDefinition state)
    {
        instance.IsFinal = state.IsFinal;
        instance.WaitingForRole = state.IsFinal ? null : state.WaitingForRole;
        instance.WaitingForUnitId = state.WaitingForRole is null || state.IsFinal ? null
            : state.WaitingScope == UnitScope.OwnerUnit ? instance.OwnerUnitId : null;
    }

    private static async Task<int> NextSeqAsync(GovernanceDbContext db, long instanceId, CancellationToken ct) =>
        (await db.JournalEntries.Where(j => j.InstanceId == instanceId).MaxAsync(j => (int?)j.Seq, ct) ?? 0) + 1;

    private static JournalEntry Journal(WorkflowInstance instance, int seq, Actor actor, string role, string trigger, string from,
        string to, string? comment, string? data, DateTime now) => new()
    {
        InstanceId = instance.Id, Seq = seq, AtUtc = now, ActorUserId = actor.UserId, ActorName = actor.Name, ActorRole = role,
        ActorUnitId = actor.UnitId, ActorUnitName = actor.UnitName, Trigger = trigger, FromState = from, ToState = to,
        Comment = comment, Data = data,
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
        if (t.NotifyCreatorAs is { } message && instance.CreatedByUserId != actor.UserId)
        {
            NotificationService.Add(db, [instance.CreatedByUserId], "status", $"{def.DisplayName}「{instance.Title}」{message}",
                comment, link, instance.Id, $"t:{instance.Id}:{seq}:creator", now);
            recipients.Add(instance.CreatedByUserId);
        }
        return recipients;
    }
}
