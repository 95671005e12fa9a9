using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.CitizenMessages;

public sealed record IntakeResult(bool Created, long Id, string SourceRef, string State, DateTime ReceivedAtUtc, DateTime? DispatchDueAtUtc);

public sealed record MessageRow(long Id, string Number, string Title, string Category, string State, string StateName, StateTone Tone,
    string? HandlingUnit, DateTime ReceivedAtUtc, DateTime? DueAtUtc, int? WorkingDaysLeft, bool? RepliedOnTime);

/// <summary>What the detail page shows of a message; the citizen's contacts only to who may see them (第9条).</summary>
public sealed record MessageFields(CitizenMessage Message, bool ShowsPersonalData);

public sealed record AssignOutcome(long Id, FireResult Result);

/// <summary>A message on the dispatch board with the version the 分办 is fired on and how often units returned it.</summary>
public sealed record DispatchEntry(MessageRow Row, int Version, int ReturnCount);

public sealed class MessageQuery
{
    public string? State { get; set; }
    public string? Search { get; set; }
    public bool OpenOnly { get; set; }
    /// <summary>超期未答复 only (<see cref="MessageStatistics.OverdueOpen"/>): the dashboard's drill-down.</summary>
    public bool OverdueOnly { get; set; }
    /// <summary>One unit's messages: those it handles now or answered (as the statistics count them).</summary>
    public int? UnitId { get; set; }
    public string? SortBy { get; set; } = "due";
    public bool Descending { get; set; }
    public int Page { get; set; }
    public int PageSize { get; set; } = 20;
}

/// <summary>W3's reads and commands: intake (API, import, manual), reply drafts, lists, the dispatch board, the feed.</summary>
public sealed class CitizenMessageService(
    IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, CalendarStore calendars, TimeProvider time)
{
    /// <summary>县数字化信息服务中心 receives and dispatches citizen messages (第4条, 第19条(四)(五)).</summary>
    public const string DispatchUnitName = "县数字化信息服务中心";

    private static readonly SemaphoreSlim IntakeGate = new(1, 1);
    private static WorkflowDefinition Def => CitizenMessageWorkflow.Definition;

    /// <summary>
    /// Stores a message once per source reference: a resend (even concurrent) answers the stored one, never a duplicate.
    /// The message is committed before this returns.
    /// </summary>
    public async Task<IntakeResult> IntakeAsync(Actor actor, string channel, MessageValidator.Valid m, CancellationToken ct = default)
    {
        if (await FindAsync(m.SourceRef, ct) is { } existing) return existing;
        await IntakeGate.WaitAsync(ct);
        try
        {
            if (await FindAsync(m.SourceRef, ct) is { } again) return again;
            int owner;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                owner = await db.Units.Where(u => u.Name == DispatchUnitName).Select(u => u.Id).FirstAsync(ct);
            var received = m.ReceivedAtUtc ?? time.GetUtcNow().UtcDateTime;
            try
            {
                await runtime.StartAsync(CitizenMessageWorkflow.Key, actor, owner, m.Title, (db, i) => db.CitizenMessages.Add(new CitizenMessage
                {
                    InstanceId = i.Id, SourceRef = m.SourceRef, Channel = channel, Title = m.Title, Content = m.Content, Category = m.Category,
                    CitizenName = m.CitizenName, CitizenPhone = m.CitizenPhone, CitizenEmail = m.CitizenEmail, ReceivedAtUtc = received,
                }), ct);
            }
            catch (DbUpdateException)
            {
                // Another node stored the same sourceRef first (UNIQUE): answer that one.
                if (await FindAsync(m.SourceRef, ct) is { } theirs) return theirs;
                throw;
            }
            var stored = await FindAsync(m.SourceRef, ct) ?? throw new InvalidOperationException("intake lost " + m.SourceRef);
            return stored with { Created = true };
        }
        finally
        {
            IntakeGate.Release();
        }
    }

    private async Task<IntakeResult?> FindAsync(string sourceRef, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from m in db.CitizenMessages.AsNoTracking()
            where m.SourceRef == sourceRef
            join i in db.WorkflowInstances on m.InstanceId equals i.Id
            select new
            {
                m.InstanceId, m.SourceRef, i.State, m.ReceivedAtUtc,
                Due = db.Deadlines.Where(d => d.InstanceId == i.Id && d.ClosedAtUtc == null && d.State == CitizenMessageWorkflow.S.Received)
                    .Select(d => (DateTime?)d.DueAtUtc).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        return row is null ? null : new IntakeResult(false, row.InstanceId, row.SourceRef, row.State, row.ReceivedAtUtc, row.Due);
    }

    /// <summary>A Monitor types in a letter or a phone call (人工录入).</summary>
    public async Task<(IntakeResult? Result, Dictionary<string, string> Errors)> CreateManualAsync(Actor actor, MessageIntake form, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return (null, new() { [""] = "只有监测员可以录入网民留言。" });
        if (string.IsNullOrWhiteSpace(form.SourceRef)) form.SourceRef = "MAN-" + time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var (valid, errors) = MessageValidator.Validate(form, time.GetUtcNow().UtcDateTime);
        if (valid is null) return (null, errors);
        return (await IntakeAsync(actor, "人工录入", valid, ct), errors);
    }

    /// <summary>The handling unit's Editor saves the reply draft (办理中); journaled, version-checked.</summary>
    public Task<FireResult> SaveReplyAsync(long id, int expectedVersion, Actor actor, string? reply, CancellationToken ct = default) =>
        runtime.EditAsync(id, expectedVersion, actor, async (db, instance) =>
        {
            var text = Text.PlainText.Clean(reply);
            if (text.Length > 10000) return new Refusal("答复不能超过 10000 字。", new Dictionary<string, string> { ["reply"] = "答复过长" });
            var m = await db.CitizenMessages.FirstAsync(x => x.InstanceId == id, ct);
            m.ReplyText = text.Length == 0 ? null : text;
            return null;
        }, ct);

    /// <summary>The message of an item the runtime has loaded for the actor; contacts only for Monitors and the handling unit.</summary>
    public async Task<MessageFields?> FieldsAsync(ItemView view, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.CitizenMessages.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == view.Instance.Id, ct);
        if (m is null) return null;
        var shows = MaySeePersonalData(view.Instance, actor);
        if (!shows)
        {
            m.CitizenName = MaskName(m.CitizenName);
            m.CitizenPhone = m.CitizenPhone is null ? null : "（仅监测员与承办单位可见）";
            m.CitizenEmail = m.CitizenEmail is null ? null : "（仅监测员与承办单位可见）";
        }
        return new MessageFields(m, shows);
    }

    /// <summary>第9条: the citizen's name and contacts are for the Monitors and the unit handling the message.</summary>
    public static bool MaySeePersonalData(WorkflowInstance instance, Actor actor) =>
        actor.IsInRole(Roles.Monitor) || (instance.HandlingUnitId is { } unit && actor.UnitId == unit && !actor.IsSystem);

    public static string MaskName(string name) => name.Length <= 1 ? "*" : name[0] + new string('*', name.Length - 1);

    private static readonly Dictionary<string, Func<IQueryable<ListRow<CitizenMessage>>, bool, IOrderedQueryable<ListRow<CitizenMessage>>>> Sorts = new()
    {
        ["received"] = WorkflowLists.SortBy<CitizenMessage, DateTime>(x => x.Item.ReceivedAtUtc),
    };

    /// <summary>
    /// The list counts up to this many messages (a county receives ~33,000 a year): beyond it the page says "more than" and
    /// the filters narrow it (docs/PERFORMANCE.md).
    /// </summary>
    public const int CountLimit = 1000;

    /// <summary>The messages the actor may see: a unit sees what it handles (and handled), county roles all.</summary>
    public async Task<Page<MessageRow>> ListAsync(Actor actor, MessageQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = WorkflowLists.Rows(db, actor, CitizenMessageWorkflow.Key, db.CitizenMessages.AsNoTracking(), m => m.InstanceId);
        if (!actor.SeesAllUnits)
        {
            // A unit's list: what it handles now or answered (a returned message is no longer the unit's).
            var unit = actor.UnitId;
            q = q.Where(x => x.Row.Instance.HandlingUnitId == unit || x.Item.RepliedByUnitId == unit);
        }
        if (!string.IsNullOrEmpty(query.State)) q = q.Where(x => x.Row.Instance.State == query.State);
        if (query.OpenOnly) q = q.Where(x => !x.Row.Instance.IsFinal);
        if (query.OverdueOnly)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var overdue = MessageStatistics.OverdueOpen(db, now).Select(m => m.InstanceId);
            // Past due on the listed instance too, so that the list is read as the past-due range of (DefinitionKey, DueAtUtc).
            q = q.Where(x => x.Row.Instance.DueAtUtc < now && overdue.Contains(x.Row.Instance.Id));
        }
        if (query.UnitId is { } unitId) q = q.Where(x => x.Row.Instance.HandlingUnitId == unitId || x.Item.RepliedByUnitId == unitId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim();
            q = q.Where(x => x.Item.Title.Contains(s) || x.Row.Instance.Number.Contains(s) || x.Item.SourceRef.Contains(s));
        }
        var page = await q.PageAsync(new PageRequest(query.Page, query.PageSize, query.SortBy, query.Descending, CountLimit), Sorts, ct);
        return new Page<MessageRow>(await ToRowsAsync(page.Rows, ct), page.Total, page.TotalCapped);
    }

    /// <summary>The Monitor's dispatch board: messages waiting to be assigned (new and returned), oldest first.</summary>
    public async Task<IReadOnlyList<MessageRow>> DispatchBoardAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await WorkflowLists.Rows(db, actor, CitizenMessageWorkflow.Key, db.CitizenMessages.AsNoTracking(), m => m.InstanceId)
            .Where(x => x.Row.Instance.State == CitizenMessageWorkflow.S.Received || x.Row.Instance.State == CitizenMessageWorkflow.S.Returned)
            .OrderBy(x => x.Item.ReceivedAtUtc).ThenBy(x => x.Row.Instance.Id).Take(500).ToListAsync(ct);
        return await ToRowsAsync(rows, ct);
    }

    /// <summary>Several messages to one unit in one action: each is its own transition, journaled on its own (not a bulk approval).</summary>
    public async Task<IReadOnlyList<AssignOutcome>> AssignManyAsync(Actor actor, IReadOnlyList<(long Id, int Version)> items, int unitId,
        string? comment, CancellationToken ct = default)
    {
        var outcomes = new List<AssignOutcome>();
        var fields = new Dictionary<string, string?> { ["unit"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (id, version) in items.DistinctBy(i => i.Id))
            outcomes.Add(new AssignOutcome(id, await runtime.FireAsync(id, version, CitizenMessageWorkflow.T.Assign, actor, new FireInput(comment, fields), ct)));
        return outcomes;
    }

    /// <summary>
    /// The dispatch board with each message's version, so that the Monitor's 分办 fires on the version shown (a message
    /// changed meanwhile is refused as stale, not assigned blindly).
    /// </summary>
    public async Task<IReadOnlyList<DispatchEntry>> DispatchEntriesAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await WorkflowLists.Rows(db, actor, CitizenMessageWorkflow.Key, db.CitizenMessages.AsNoTracking(), m => m.InstanceId)
            .Where(x => x.Row.Instance.State == CitizenMessageWorkflow.S.Received || x.Row.Instance.State == CitizenMessageWorkflow.S.Returned)
            .OrderBy(x => x.Item.ReceivedAtUtc).ThenBy(x => x.Row.Instance.Id).Take(500).ToListAsync(ct);
        var shown = await ToRowsAsync(rows, ct);
        return shown.Select((r, i) => new DispatchEntry(r, rows[i].Row.Instance.Version, rows[i].Item.ReturnCount)).ToList();
    }

    private async Task<List<MessageRow>> ToRowsAsync(IReadOnlyList<ListRow<CitizenMessage>> rows, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        return rows.Select(x =>
        {
            int? left = x.Row.DueAtUtc is { } due
                ? calendar.WorkingDaysBetween(today, ChinaTime.Date(due))
                : null;
            return new MessageRow(x.Row.Instance.Id, x.Row.Instance.Number, x.Item.Title, x.Item.Category, x.Row.Instance.State,
                Def.StateDisplayName(x.Row.Instance.State), Def.StateTone(x.Row.Instance.State), x.Row.HandlingUnit, x.Item.ReceivedAtUtc,
                x.Row.DueAtUtc, left, x.Item.RepliedOnTime);
        }).ToList();
    }

    public sealed record PublishedMessage(long Id, string Number, string Title, string Content, string Category, string ReceivedAt, string RepliedAt,
        string Reply, string? Unit);

    /// <summary>
    /// The public feed (第19条(五)): replied messages with their replies, ordered by reply time then id, resumable from
    /// (since, afterId). No personal data: no name or contacts, and numbers or addresses in the text are masked (第9条).
    /// </summary>
    public async Task<(IReadOnlyList<PublishedMessage> Items, DateTime? NextSince, long? NextAfterId)> PublishedAsync(DateTime? sinceUtc, long afterId,
        int pageSize, PreCheckEngine engine, CancellationToken ct = default)
    {
        var size = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = from m in db.CitizenMessages.AsNoTracking()
                where m.RepliedAtUtc != null && m.ReplyText != null && !m.IsInvalid
                join i in db.WorkflowInstances on m.InstanceId equals i.Id
                where i.State == CitizenMessageWorkflow.S.Replied || i.State == CitizenMessageWorkflow.S.Closed
                select new { m, i.Number, Unit = db.Units.Where(u => u.Id == m.RepliedByUnitId).Select(u => u.Name).FirstOrDefault() };
        if (sinceUtc is { } since) q = q.Where(x => x.m.RepliedAtUtc > since || (x.m.RepliedAtUtc == since && x.m.InstanceId > afterId));
        var rows = await q.OrderBy(x => x.m.RepliedAtUtc).ThenBy(x => x.m.InstanceId).Take(size).ToListAsync(ct);
        var items = rows.Select(x => new PublishedMessage(x.m.InstanceId, x.Number, Mask(engine, x.m.Title), Mask(engine, x.m.Content), x.m.Category,
            ChinaTime.Iso(x.m.ReceivedAtUtc), ChinaTime.Iso(x.m.RepliedAtUtc!.Value), Mask(engine, x.m.ReplyText!), x.Unit)).ToList();
        var last = rows.LastOrDefault();
        return (items, last?.m.RepliedAtUtc, last?.m.InstanceId);
    }

    private static readonly PreCheckRuleSet NoRules = PreCheckRuleSet.Create([], [], []);

    /// <summary>Masks the personal data the pre-check finds in text to be published, with its own suggestions (138****5678 …).</summary>
    public static string Mask(PreCheckEngine engine, string text)
    {
        var result = engine.Check(new PreCheckInput(null, text), NoRules);
        var masked = result.Text;
        foreach (var h in result.Hits.Where(h => h.Rule.StartsWith("pii.", StringComparison.Ordinal) && h.Field == PreCheckFields.Body
                                                 && h.Suggestion is not null).OrderByDescending(h => h.Start))
            masked = PreCheckSuggestions.ApplySuggestion(masked, h);
        return masked;
    }
}
