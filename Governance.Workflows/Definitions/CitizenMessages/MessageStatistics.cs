using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Figures;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>One unit's figures for a period (第19条(五) 留言受理反馈情况统计数据).</summary>
public sealed record UnitMessageStats(int? UnitId, string UnitName, int Received, int Assigned, int Replied, int RepliedOnTime,
    int OverdueOpen, int RepliedLate, int Returned, int Extended, int Invalid, double? AverageWorkingDaysToReply,
    double? AverageWorkingDaysSinceReceipt)
{
    /// <summary>Replied on time ÷ replied; null when nothing was replied.</summary>
    public double? OnTimeRate => Replied == 0 ? null : (double)RepliedOnTime / Replied;
    public int Overdue => OverdueOpen + RepliedLate;
}

/// <summary>One message of the period as the full (internal) statistics export lists it: no citizen's name or contacts.</summary>
public sealed record MessageStatsDetail(string Number, string Title, string Category, string Channel, string? Unit, string StateName,
    DateTime ReceivedAtUtc, DateTime? RepliedAtUtc, bool? RepliedOnTime, int ExtensionDays, int ReturnCount);

/// <summary>
/// The figures of <see cref="UnitMessageStats"/> as sums that add up over days and units: the working-day averages as the
/// sum of days and how many replies they are over (the average of a range is exact: Σ sum ÷ Σ count).
/// </summary>
internal sealed record MessageSums(int Received, int Assigned, int Replied, int RepliedOnTime, int RepliedLate, int OverdueOpen, int Extended,
    int Invalid, int Returned, long DaysFromAssignmentSum, int DaysFromAssignmentCount, long DaysFromReceiptSum, int DaysFromReceiptCount)
{
    public static readonly MessageSums Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public MessageSums Plus(MessageSums o) => new(Received + o.Received, Assigned + o.Assigned, Replied + o.Replied,
        RepliedOnTime + o.RepliedOnTime, RepliedLate + o.RepliedLate, OverdueOpen + o.OverdueOpen, Extended + o.Extended, Invalid + o.Invalid,
        Returned + o.Returned, DaysFromAssignmentSum + o.DaysFromAssignmentSum, DaysFromAssignmentCount + o.DaysFromAssignmentCount,
        DaysFromReceiptSum + o.DaysFromReceiptSum, DaysFromReceiptCount + o.DaysFromReceiptCount);
}

/// <summary>Replies in one China month by one unit (<see cref="MessageStatistics.NoUnit"/>: none recorded).</summary>
internal sealed record ReplyMonth(int Year, int Month, int UnitId, int Replied, int OnTime, int Late);

public sealed record MessageStatsReport(DateOnly From, DateOnly To, IReadOnlyList<UnitMessageStats> Units, UnitMessageStats Total);

/// <summary>The replies that went out in one China month: by their deadline, and after it.</summary>
public sealed record MonthlyReplies(int Year, int Month, int OnTime, int Late);

/// <summary>
/// W3 statistics by unit over messages received in a period (China dates, both ends included). A message counts for the
/// unit that replied, else the unit handling it, else 未分办; returns count for the unit that returned it. Working days
/// to reply run from the replying unit's assignment (its own period), and since receipt for the whole.
/// </summary>
public sealed class MessageStatistics(IDbContextFactory<GovernanceDbContext> dbFactory, CalendarStore calendars, TimeProvider time)
{
    public const string Unassigned = "未分办";

    public async Task<MessageStatsReport?> ComputeAsync(Actor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // 第19条(五), 第20条: the figures are for the county roles; a unit sees its own row through its list.
        if (!actor.SeesAllUnits || to < from) return null;
        return await ComputeCoreAsync(from, to, null, ct);
    }

    /// <summary>
    /// One unit's row of the same figures (its page, 第20条–第22条): for the county roles and the unit's own users; null for
    /// anyone else, so another unit's figures are never shown.
    /// </summary>
    public async Task<UnitMessageStats?> ComputeForUnitAsync(Actor actor, int unitId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if ((!actor.SeesAllUnits && actor.UnitId != unitId) || to < from) return null;
        var report = await ComputeCoreAsync(from, to, unitId, ct);
        return report.Units.FirstOrDefault(u => u.UnitId == unitId);
    }

    private async Task<MessageStatsReport> ComputeCoreAsync(DateOnly from, DateOnly to, int? onlyUnitId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        // Open work from the raw rows, settled messages from the day figures of the days built, the other days raw.
        var (fromUtc, toUtc) = ChinaTime.Span(from, to);
        var sums = await RawAsync(db, calendar, now, fromUtc, toUtc, settled: false, onlyUnitId, ct);
        foreach (var (start, end) in await DayFigures.UnbuiltAsync(db, DayFigures.Messages, from, to, ct))
            Add(sums, await RawAsync(db, calendar, now, start, end, settled: true, onlyUnitId, ct));
        // The built days: the whole months of the period by their month rows, the days of its partial months by day.
        var (firstWhole, endWhole) = DayFigures.WholeMonths(from, to);
        var dayRows = db.MessageDayFigures.AsNoTracking();
        var monthRows = db.MessageMonthFigures.AsNoTracking();
        if (onlyUnitId is { } ou) (dayRows, monthRows) = (dayRows.Where(r => r.UnitId == ou), monthRows.Where(r => r.UnitId == ou));
        if (firstWhole < endWhole) Add(sums, await SumByUnitAsync(monthRows.Where(r => r.Month >= firstWhole && r.Month < endWhole), ct));
        foreach (var (a, b) in DayFigures.PartialDays(from, to)) Add(sums, await SumByUnitAsync(dayRows.Where(r => r.Day >= a && r.Day <= b), ct));
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.Name, u.SortOrder), ct);

        UnitMessageStats Figures(int? unitId, MessageSums s)
        {
            static double? Avg(long sum, int count) => count == 0 ? null : Math.Round((double)sum / count, 2);
            // A unit that only returned messages has no row of its own under another name.
            var name = unitId is { } id && units.TryGetValue(id, out var u) ? u.Name : s.Received == 0 && unitId is not null ? "" : Unassigned;
            return new UnitMessageStats(unitId, name, s.Received, s.Assigned, s.Replied, s.RepliedOnTime, s.OverdueOpen, s.RepliedLate,
                unitId is null ? 0 : s.Returned, s.Extended, s.Invalid, Avg(s.DaysFromAssignmentSum, s.DaysFromAssignmentCount),
                Avg(s.DaysFromReceiptSum, s.DaysFromReceiptCount));
        }

        // A unit's row when it had messages, or returned some (units that only returned messages still show their returns).
        var byUnit = sums.Where(x => x.Value.Received > 0 || (x.Key != NoUnit && x.Value.Returned > 0))
            .Select(x => Figures(x.Key == NoUnit ? null : x.Key, x.Value)).ToList();
        // One unit asked for: its row even when it had no message in the period.
        if (onlyUnitId is { } only && byUnit.All(u => u.UnitId != only))
            byUnit.Add(new UnitMessageStats(only, units.TryGetValue(only, out var o) ? o.Name : "", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null));
        var ordered = byUnit.OrderBy(u => u.UnitId is { } id && units.TryGetValue(id, out var x) ? x.SortOrder : int.MaxValue).ThenBy(u => u.UnitName).ToList();
        var all = sums.Values.Aggregate(MessageSums.Zero, (t, x) => t.Plus(x));
        var total = Figures(null, all) with { UnitName = "合计", Returned = all.Returned };
        return new MessageStatsReport(from, to, ordered, total);
    }

    /// <summary>The unit key of messages no unit handled (未分办) in the sums and the day figures.</summary>
    internal const int NoUnit = 0;

    private static async Task<Dictionary<int, MessageSums>> SumByUnitAsync<TFigures>(IQueryable<TFigures> rows, CancellationToken ct)
        where TFigures : MessageFigures =>
        (await rows.GroupBy(r => r.UnitId).Select(g => new
            {
                Unit = g.Key, Received = g.Sum(r => r.Received), Assigned = g.Sum(r => r.Assigned), Replied = g.Sum(r => r.Replied),
                OnTime = g.Sum(r => r.RepliedOnTime), Late = g.Sum(r => r.RepliedLate), Extended = g.Sum(r => r.Extended),
                Invalid = g.Sum(r => r.Invalid), Returned = g.Sum(r => r.Returned), FromAssignment = g.Sum(r => r.DaysFromAssignmentSum),
                FromAssignmentCount = g.Sum(r => r.DaysFromAssignmentCount), FromReceipt = g.Sum(r => r.DaysFromReceiptSum),
                FromReceiptCount = g.Sum(r => r.DaysFromReceiptCount),
            })
            .ToListAsync(ct))
        .ToDictionary(x => x.Unit, x => new MessageSums(x.Received, x.Assigned, x.Replied, x.OnTime, x.Late, 0, x.Extended, x.Invalid, x.Returned,
            x.FromAssignment, x.FromAssignmentCount, x.FromReceipt, x.FromReceiptCount));

    private static void Add<TKey>(Dictionary<TKey, MessageSums> into, IReadOnlyDictionary<TKey, MessageSums> part) where TKey : notnull
    {
        foreach (var (key, value) in part) into[key] = into.GetValueOrDefault(key, MessageSums.Zero).Plus(value);
    }

    /// <summary>
    /// THE raw computation of the figures, by the unit a message counts for (<see cref="NoUnit"/>: 未分办), over the messages
    /// received in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) (null: open) that are settled (replied or marked
    /// invalid: what the day figures hold) or not (open work, read through the open states' index); returns by the
    /// returning unit. The statistics add it to the day figures; <see cref="DayFigures"/> builds a day's rows from it.
    /// </summary>
    internal static async Task<Dictionary<int, MessageSums>> RawAsync(GovernanceDbContext db, WorkingDayCalendar calendar, DateTime nowUtc,
        DateTime? fromUtc, DateTime? toUtc, bool settled, int? onlyUnitId, CancellationToken ct)
    {
        var messages = db.CitizenMessages.AsNoTracking();
        if (fromUtc is { } f) messages = messages.Where(m => m.ReceivedAtUtc >= f);
        if (toUtc is { } t) messages = messages.Where(m => m.ReceivedAtUtc < t);
        var items = from m in messages join i in db.WorkflowInstances on m.InstanceId equals i.Id select new { m, i };
        // Settled ⇔ 已答复/已办结 (RecordReply sets RepliedAtUtc) or 无效留言 (MarkInvalid sets IsInvalid); the others are open.
        items = settled
            ? items.Where(x => x.m.RepliedAtUtc != null || x.m.IsInvalid)
            : items.Where(x => x.i.DefinitionKey == CitizenMessageWorkflow.Key
                               && (x.i.State == CitizenMessageWorkflow.S.Received || x.i.State == CitizenMessageWorkflow.S.Returned
                                   || x.i.State == CitizenMessageWorkflow.S.Assigned || x.i.State == CitizenMessageWorkflow.S.Drafting
                                   || x.i.State == CitizenMessageWorkflow.S.ReplyReview));
        var counted = onlyUnitId is { } only ? items.Where(x => (x.m.RepliedByUnitId ?? x.i.HandlingUnitId) == only) : items;
        var rows = await counted.Select(x => new
            {
                x.m.ReceivedAtUtc, x.m.FirstAssignedAtUtc, x.m.AssignedAtUtc, x.m.RepliedAtUtc, x.m.RepliedOnTime, x.m.RepliedByUnitId,
                x.m.ExtensionDays, x.m.IsInvalid, x.i.HandlingUnitId,
                // The open reply deadline (not the Monitor's dispatch deadline), kept on the instance.
                OpenDue = x.i.State != CitizenMessageWorkflow.S.Received && x.i.State != CitizenMessageWorkflow.S.Returned ? x.i.DueAtUtc : null,
            }).ToListAsync(ct);
        // Returns count for the unit that returned the message, wherever it went next.
        var returns = await (
                from x in items
                join j in db.JournalEntries on x.m.InstanceId equals j.InstanceId
                where j.Trigger == CitizenMessageWorkflow.T.Return && j.ActorUnitId != null && (onlyUnitId == null || j.ActorUnitId == onlyUnitId)
                select j)
            .GroupBy(j => j.ActorUnitId!.Value).Select(g => new { Unit = g.Key, Count = g.Select(j => j.InstanceId).Distinct().Count() })
            .ToListAsync(ct);

        var sums = new Dictionary<int, MessageSums>();
        foreach (var r in rows)
        {
            var replied = r.RepliedAtUtc is { } at;
            var assignedAt = r.AssignedAtUtc ?? r.FirstAssignedAtUtc;
            var fromAssignment = replied && assignedAt is { } a ? calendar.WorkingDaysBetween(ChinaTime.Date(a), ChinaTime.Date(r.RepliedAtUtc!.Value)) : 0;
            var fromReceipt = replied ? calendar.WorkingDaysBetween(ChinaTime.Date(r.ReceivedAtUtc), ChinaTime.Date(r.RepliedAtUtc!.Value)) : 0;
            var one = new MessageSums(1, r.FirstAssignedAtUtc is null ? 0 : 1, replied ? 1 : 0, replied && r.RepliedOnTime == true ? 1 : 0,
                replied && r.RepliedOnTime == false ? 1 : 0, !replied && !r.IsInvalid && r.OpenDue is { } due && due < nowUtc ? 1 : 0,
                r.ExtensionDays > 0 ? 1 : 0, r.IsInvalid ? 1 : 0, 0, fromAssignment, replied && assignedAt is not null ? 1 : 0,
                fromReceipt, replied ? 1 : 0);
            var unit = r.RepliedByUnitId ?? r.HandlingUnitId ?? NoUnit;
            sums[unit] = sums.GetValueOrDefault(unit, MessageSums.Zero).Plus(one);
        }
        foreach (var r in returns) sums[r.Unit] = sums.GetValueOrDefault(r.Unit, MessageSums.Zero) with
        {
            Returned = sums.GetValueOrDefault(r.Unit, MessageSums.Zero).Returned + r.Count,
        };
        return sums;
    }

    /// <summary>
    /// 超期未答复: not answered, not set aside, and past the reply deadline of the unit it was handed to (the Monitor's
    /// dispatch deadline does not count) — what <see cref="UnitMessageStats.OverdueOpen"/> counts and the list's 超期 filter shows.
    /// </summary>
    /// <remarks>
    /// Driven by the instance's open deadline (index (DefinitionKey, DueAtUtc): only what is past due is read); the open
    /// deadline's state is the instance's state (a span's deadline is carried over with it).
    /// </remarks>
    public static IQueryable<CitizenMessage> OverdueOpen(GovernanceDbContext db, DateTime nowUtc) =>
        from i in db.WorkflowInstances.AsNoTracking()
        where i.DefinitionKey == CitizenMessageWorkflow.Key && i.DueAtUtc < nowUtc
              && i.State != CitizenMessageWorkflow.S.Received && i.State != CitizenMessageWorkflow.S.Returned
        join m in db.CitizenMessages.AsNoTracking() on i.Id equals m.InstanceId
        where m.RepliedAtUtc == null && !m.IsInvalid
        select m;

    /// <summary>
    /// The dashboard's message figures of every unit over all messages, counted in SQL (nothing loaded per message):
    /// replies and replies on time by the unit that replied, 超期未答复 by the unit holding the message — the same figures as
    /// <see cref="ComputeAsync"/>'s Replied, RepliedOnTime and OverdueOpen. County roles only; null for anyone else.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, (int Replied, int RepliedOnTime, int OverdueOpen)>?> CountsByUnitAsync(Actor actor,
        CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits) return null;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Replies: the day figures of the days built, the others raw; by the unit that replied (recorded with the reply,
        // CitizenMessageRules.RecordReply, so it stands for "replied").
        var replies = new List<ReplyMonth>();
        foreach (var (start, end) in await DayFigures.UnbuiltAsync(db, DayFigures.Replies, null, null, ct))
            replies.AddRange(await RepliesRawAsync(db, start, end, null, ct));
        // The built days through the units' totals: one row per unit, however many days.
        replies.AddRange(await db.ReplyUnitTotals.AsNoTracking().Select(t => new ReplyMonth(0, 0, t.UnitId, t.Replied, t.OnTime, t.Late)).ToListAsync(ct));
        var overdue = await (
                from m in OverdueOpen(db, now)
                join i in db.WorkflowInstances on m.InstanceId equals i.Id
                where i.HandlingUnitId != null
                group m by i.HandlingUnitId!.Value into g
                select new { Unit = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var result = new Dictionary<int, (int Replied, int RepliedOnTime, int OverdueOpen)>();
        foreach (var r in replies.Where(r => r.UnitId != NoUnit).GroupBy(r => r.UnitId))
            result[r.Key] = (r.Sum(x => x.Replied), r.Sum(x => x.OnTime), 0);
        foreach (var o in overdue) result[o.Unit] = result.GetValueOrDefault(o.Unit) with { OverdueOpen = o.Count };
        return result;
    }

    /// <summary>
    /// The replies by China month of reply (the trend on the dashboard and a unit's page), grouped in SQL: county-wide for the
    /// county roles, or one unit's (the unit that replied) for them and that unit's own users; null for anyone else.
    /// Months without a reply are left out.
    /// </summary>
    public async Task<IReadOnlyList<MonthlyReplies>?> MonthlyRepliesAsync(Actor actor, DateOnly firstMonth, int months, int? unitId = null,
        CancellationToken ct = default)
    {
        if (unitId is null ? !actor.SeesAllUnits : (!actor.SeesAllUnits && actor.UnitId != unitId)) return null;
        var first = new DateOnly(firstMonth.Year, firstMonth.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var last = first.AddMonths(months).AddDays(-1);
        var rows = new List<ReplyMonth>();
        foreach (var (start, end) in await DayFigures.UnbuiltAsync(db, DayFigures.Replies, first, last, ct))
            rows.AddRange(await RepliesRawAsync(db, start, end, unitId, ct));
        // The built days: whole months by their month rows, the days of partial months by day (the key's order: no sort).
        var days = db.ReplyDayFigures.AsNoTracking();
        var monthRows = db.ReplyMonthFigures.AsNoTracking();
        if (unitId is { } u) (days, monthRows) = (days.Where(r => r.UnitId == u), monthRows.Where(r => r.UnitId == u));
        var (firstWhole, endWhole) = DayFigures.WholeMonths(first, last);
        var byMonth = await monthRows.Where(r => r.Month >= firstWhole && r.Month < endWhole)
            .GroupBy(r => r.Month).Select(g => new { Day = g.Key, OnTime = g.Sum(r => r.OnTime), Late = g.Sum(r => r.Late) }).ToListAsync(ct);
        foreach (var (a, b) in DayFigures.PartialDays(first, last))
            byMonth.AddRange(await days.Where(r => r.Day >= a && r.Day <= b)
                .GroupBy(r => r.Day).Select(g => new { Day = g.Key, OnTime = g.Sum(r => r.OnTime), Late = g.Sum(r => r.Late) }).ToListAsync(ct));
        rows.AddRange(byMonth.Select(d => new ReplyMonth(d.Day.Year, d.Day.Month, unitId ?? NoUnit, d.OnTime + d.Late, d.OnTime, d.Late)));
        return rows.GroupBy(r => (r.Year, r.Month))
            .Select(g => new MonthlyReplies(g.Key.Year, g.Key.Month, g.Sum(r => r.OnTime), g.Sum(r => r.Late)))
            .Where(r => r.OnTime + r.Late > 0).OrderBy(r => r.Year).ThenBy(r => r.Month).ToList();
    }

    /// <summary>
    /// THE raw count of replies made in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) (null: open), by China month of
    /// reply and the unit that replied (<see cref="NoUnit"/>: none recorded), grouped in SQL; one unit's when asked.
    /// </summary>
    internal static async Task<List<ReplyMonth>> RepliesRawAsync(GovernanceDbContext db, DateTime? fromUtc, DateTime? toUtc, int? unitId,
        CancellationToken ct)
    {
        var q = db.CitizenMessages.AsNoTracking().Where(m => m.RepliedAtUtc != null);
        if (fromUtc is { } f) q = q.Where(m => m.RepliedAtUtc >= f);
        if (toUtc is { } t) q = q.Where(m => m.RepliedAtUtc < t);
        if (unitId is { } u) q = q.Where(m => m.RepliedByUnitId == u);
        // The China month: UTC + 8 hours, then its year and month (strftime in SQLite).
        return await q.Select(m => new { At = m.RepliedAtUtc!.Value.AddHours(8), Unit = m.RepliedByUnitId ?? NoUnit, m.RepliedOnTime })
            .GroupBy(x => new { x.At.Year, x.At.Month, x.Unit })
            .Select(g => new ReplyMonth(g.Key.Year, g.Key.Month, g.Key.Unit, g.Count(), g.Count(x => x.RepliedOnTime == true),
                g.Count(x => x.RepliedOnTime == false)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The messages the figures count (received in the period), for the internal export: number, title, unit, state,
    /// times and outcome — never the citizen's name or contacts. County roles only, like <see cref="ComputeAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<MessageStatsDetail>?> DetailsAsync(Actor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits || to < from) return null;
        var (fromUtc, toUtc) = ChinaTime.Span(from, to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from m in db.CitizenMessages.AsNoTracking()
            where m.ReceivedAtUtc >= fromUtc && m.ReceivedAtUtc < toUtc
            join i in db.WorkflowInstances on m.InstanceId equals i.Id
            orderby m.ReceivedAtUtc, i.Id
            select new
            {
                i.Number, m.Title, m.Category, m.Channel, i.State, m.ReceivedAtUtc, m.RepliedAtUtc, m.RepliedOnTime, m.ExtensionDays, m.ReturnCount,
                Unit = db.Units.Where(u => u.Id == (m.RepliedByUnitId ?? i.HandlingUnitId)).Select(u => u.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var def = CitizenMessageWorkflow.Definition;
        return rows.Select(r => new MessageStatsDetail(r.Number, r.Title, r.Category, r.Channel, r.Unit, def.StateDisplayName(r.State),
            r.ReceivedAtUtc, r.RepliedAtUtc, r.RepliedOnTime, r.ExtensionDays, r.ReturnCount)).ToList();
    }
}
