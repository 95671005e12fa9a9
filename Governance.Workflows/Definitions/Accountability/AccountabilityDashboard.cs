using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Figures;
using Microsoft.EntityFrameworkCore;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>
/// One unit's figures on the officers' dashboard and its own page (第20条, 第21条, 第22条). Findings: those issued to the unit,
/// cancelled ones left out — 未销号 (open), 超期 (open, with the unit, past the deadline), 已销号 and how many of those were
/// rectified by the deadline, 重复发生. Messages (<see cref="MessageStatistics"/>): 超期未答复, replies and replies on time.
/// Columns: the register's active 超期 and 空白 columns. Measures: recorded and not revoked.
/// </summary>
public sealed record UnitFigures(int UnitId, string UnitName, int SortOrder, int OpenFindings, int OverdueFindings, int ClosedFindings,
    int ClosedOnTime, int RepeatFindings, int MessagesOverdue, int MessagesReplied, int MessagesRepliedOnTime, int StaleColumns, int BlankColumns,
    int Measures)
{
    /// <summary>按时整改率: closed on time ÷ closed; null when nothing was closed.</summary>
    public double? RectifiedOnTimeRate => ClosedFindings == 0 ? null : (double)ClosedOnTime / ClosedFindings;

    /// <summary>按时答复率: replied on time ÷ replied; null when nothing was replied.</summary>
    public double? ReplyOnTimeRate => MessagesReplied == 0 ? null : (double)MessagesRepliedOnTime / MessagesReplied;

    /// <summary>超期 work: findings and messages past their deadline with the unit, and its 超期 columns (第13条 不合格).</summary>
    public int OverdueWork => OverdueFindings + MessagesOverdue + StaleColumns;

    public bool IsEmpty => OpenFindings + ClosedFindings + RepeatFindings + MessagesOverdue + MessagesReplied + StaleColumns + BlankColumns + Measures == 0;

    public static UnitFigures Empty(int unitId, string name, int sortOrder) => new(unitId, name, sortOrder, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>A rate as the screens show it: "67%", or "—" when there is nothing to rate.</summary>
    public static string Percent(double? rate) => rate is { } r ? $"{Math.Round(r * 100, MidpointRounding.AwayFromZero):0}%" : "—";
}

/// <summary>One China month of the trend: findings raised and closed, replies on time and late.</summary>
public sealed record TrendMonth(int Year, int Month, int FindingsRaised, int FindingsClosed, int RepliedOnTime, int RepliedLate)
{
    public string Label => $"{Year}年{Month}月";
    /// <summary>The chart's short label: the month, with the year at January.</summary>
    public string ShortLabel => Month == 1 ? $"{Year}年1月" : $"{Month}月";
}

/// <summary>Findings of one China month and unit (found in it; Open and Overdue are figures of open findings).</summary>
internal sealed record FindingMonth(int Year, int Month, int UnitId, int Raised, int Open, int Overdue, int Closed, int ClosedOnTime, int Repeats);

/// <summary>Findings closed in one China month by one unit.</summary>
internal sealed record ClosedMonth(int Year, int Month, int UnitId, int Closed);

/// <summary>An item past its deadline with a unit: where one click records a measure (第21条 整改不及时, 第12条 超期答复).</summary>
public sealed record OverdueItem(long Id, string Number, string Title, string Kind, int UnitId, string UnitName, DateTime DueAtUtc, string Route)
{
    /// <summary>The new-measure form with the unit chosen, this item ticked and 约谈 preselected.</summary>
    public string MeasureLink => AccountabilityDashboard.NewMeasureLink(UnitId, Id);
}

/// <summary>The officers' dashboard: every unit with something to show (those with overdue work first), the totals, the trend, the overdue items.</summary>
public sealed record DashboardView(DateTime AsOfUtc, IReadOnlyList<UnitFigures> Units, UnitFigures Total, IReadOnlyList<TrendMonth> Trend,
    IReadOnlyList<OverdueItem> Overdue, int OverdueTotal, bool CanRecordMeasures)
{
    public int UnitsWithOverdueWork => Units.Count(u => u.OverdueWork > 0);
}

/// <summary>One of the unit's columns the register shows 超期 or 空白.</summary>
public sealed record LapsedColumn(int Id, string Path, string Category, ColumnStatus Status, DateTime? LastUpdatedAtUtc)
{
    public string StatusName => Status == ColumnStatus.Blank ? "空白" : "超期";
}

/// <summary>A unit's page: its figures, its trend, and its findings, messages, measures and lapsed columns over time (newest first).</summary>
public sealed record UnitPageView(int UnitId, string UnitName, UnitFigures Figures, IReadOnlyList<TrendMonth> Trend,
    IReadOnlyList<FindingRow> Findings, int FindingsTotal, IReadOnlyList<MessageRow> Messages, int MessagesTotal, IReadOnlyList<MeasureRow> Measures,
    IReadOnlyList<LapsedColumn> Columns, bool CanRecordMeasures, bool IsCountyView);

/// <summary>
/// The officers' dashboard and the units' pages (第20条(一)(三), 第21条, 第22条): one reader over what the workflows
/// recorded — it adds no workflow of its own. Figures are grouped by unit in SQL (one query per kind of thing, none per
/// unit); the message figures are <see cref="MessageStatistics"/>'s; the lists are the workflows' own list queries, so the
/// drill-down links show exactly the items a figure counts. County roles see every unit (Observers read only, 第5条);
/// a unit's own users see their own unit's page and nothing else.
/// </summary>
public sealed class AccountabilityDashboard(
    IDbContextFactory<GovernanceDbContext> dbFactory, MessageStatistics messageStatistics, FindingService findings, CitizenMessageService messages,
    MeasureService measures, TimeProvider time) : IInboxCardSource
{
    public const string Route = "/dashboard";
    /// <summary>The trend covers this many China months, the current one last.</summary>
    public const int TrendMonths = 12;
    /// <summary>The message figures count every message received since (before the portal there were none).</summary>
    public static readonly DateOnly MessagesSince = new(2000, 1, 1);
    public const int MaxOverdueItems = 100;
    /// <summary>The newest rows of each list on a unit's page; the full list is a link away.</summary>
    public const int UnitPageRows = 50;

    /// <summary>The new-measure form with the unit chosen, the item ticked and 约谈 preselected (第22条).</summary>
    public static string NewMeasureLink(int unitId, long? itemId = null) =>
        $"/measures/new?unit={unitId}" + (itemId is { } id ? $"&link={id}" : "") + "&kind=" + Uri.EscapeDataString(MeasureKinds.Interview);

    /// <summary>The dashboard for the county roles; null for anyone else.</summary>
    public async Task<DashboardView?> ForAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var messageCounts = await messageStatistics.CountsByUnitAsync(actor, ct);
        var replies = await messageStatistics.MonthlyRepliesAsync(actor, FirstTrendMonth(today), TrendMonths, null, ct) ?? [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Name, u.SortOrder }).ToDictionaryAsync(u => u.Id, ct);
        var byUnit = await FiguresAsync(db, null, now, ct);
        foreach (var (id, m) in messageCounts ?? new Dictionary<int, (int, int, int)>())
        {
            if (!units.TryGetValue(id, out var u)) continue;
            var f = byUnit.GetValueOrDefault(id) ?? UnitFigures.Empty(id, u.Name, u.SortOrder);
            byUnit[id] = f with { MessagesOverdue = m.OverdueOpen, MessagesReplied = m.Replied, MessagesRepliedOnTime = m.RepliedOnTime };
        }
        var rows = byUnit.Values.Where(f => units.ContainsKey(f.UnitId))
            .Select(f => f with { UnitName = units[f.UnitId].Name, SortOrder = units[f.UnitId].SortOrder })
            .Where(f => !f.IsEmpty || f.OverdueWork > 0)
            // Units with overdue work first, the most overdue first; then the register's order of units.
            .OrderByDescending(f => f.OverdueWork > 0).ThenByDescending(f => f.OverdueWork).ThenBy(f => f.SortOrder).ThenBy(f => f.UnitId)
            .ToList();
        var total = rows.Aggregate(UnitFigures.Empty(0, "合计", int.MaxValue), (t, f) => t with
        {
            OpenFindings = t.OpenFindings + f.OpenFindings, OverdueFindings = t.OverdueFindings + f.OverdueFindings,
            ClosedFindings = t.ClosedFindings + f.ClosedFindings, ClosedOnTime = t.ClosedOnTime + f.ClosedOnTime,
            RepeatFindings = t.RepeatFindings + f.RepeatFindings, MessagesOverdue = t.MessagesOverdue + f.MessagesOverdue,
            MessagesReplied = t.MessagesReplied + f.MessagesReplied, MessagesRepliedOnTime = t.MessagesRepliedOnTime + f.MessagesRepliedOnTime,
            StaleColumns = t.StaleColumns + f.StaleColumns, BlankColumns = t.BlankColumns + f.BlankColumns, Measures = t.Measures + f.Measures,
        });
        var trend = await TrendAsync(db, null, today, replies, ct);
        var (overdue, overdueTotal) = await OverdueItemsAsync(db, now, ct);
        return new DashboardView(now, rows, total, trend, overdue, overdueTotal, actor.IsInRole(Roles.AccountabilityOfficer));
    }

    /// <summary>
    /// A unit's page: for the county roles, and for the unit's own users; null for another unit's users and for a unit that
    /// does not exist — the two look the same, so an id tells nothing about another unit.
    /// </summary>
    public async Task<UnitPageView?> UnitAsync(Actor actor, int unitId, CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits && actor.UnitId != unitId) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        string name;
        int sortOrder;
        UnitFigures figures;
        IReadOnlyList<TrendMonth> trend;
        List<LapsedColumn> columns;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
            if (unit is null) return null;
            (name, sortOrder) = (unit.Name, unit.SortOrder);
            figures = (await FiguresAsync(db, unitId, now, ct)).GetValueOrDefault(unitId) ?? UnitFigures.Empty(unitId, name, sortOrder);
            var stats = await messageStatistics.ComputeForUnitAsync(actor, unitId, MessagesSince, today, ct);
            if (stats is not null) figures = WithMessages(figures, stats);
            figures = figures with { UnitName = name, SortOrder = sortOrder };
            var replies = await messageStatistics.MonthlyRepliesAsync(actor, FirstTrendMonth(today), TrendMonths, unitId, ct) ?? [];
            trend = await TrendAsync(db, unitId, today, replies, ct);
            var lapsed = await db.Columns.AsNoTracking()
                .Where(c => c.UnitId == unitId && c.IsActive && (c.Status == ColumnStatus.Overdue || c.Status == ColumnStatus.Blank))
                .OrderBy(c => c.Path).Select(c => new { c.Id, c.Path, c.Category, c.Status, c.LastUpdatedAtUtc }).ToListAsync(ct);
            columns = lapsed.Select(c => new LapsedColumn(c.Id, c.Path, c.Category, c.Status, c.LastUpdatedAtUtc)).ToList();
        }
        // The workflows' own lists, through their visibility: the same rows as their pages with ?unit=.
        var findingPage = await findings.ListAsync(actor, new FindingQuery { UnitId = unitId, SortBy = "found", Descending = true, PageSize = UnitPageRows }, ct);
        var messagePage = await messages.ListAsync(actor, new MessageQuery { UnitId = unitId, SortBy = "received", Descending = true, PageSize = UnitPageRows }, ct);
        var measureRows = await measures.ListAsync(actor, unitId, ct);
        return new UnitPageView(unitId, name, figures, trend, findingPage.Rows, findingPage.Total, messagePage.Rows, messagePage.Total, measureRows,
            columns, actor.IsInRole(Roles.AccountabilityOfficer), actor.SeesAllUnits);
    }

    /// <summary>The 工作台 card of the county roles: how much is overdue across units, and the way to the dashboard.</summary>
    public async Task<InboxCard?> CardForAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits || actor.IsSystem) return null;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var overdueFindings = await OverdueFindings(db, now).CountAsync(ct);
        var overdueMessages = await OverdueMessages(db, now).CountAsync(ct);
        var count = overdueFindings + overdueMessages;
        return new InboxCard("dashboard", "督查看板", $"超期未整改问题 {overdueFindings} 项，超期未答复留言 {overdueMessages} 项", Route, "打开督查看板",
            count, count > 0);
    }

    private static UnitFigures WithMessages(UnitFigures f, UnitMessageStats m) =>
        f with { MessagesOverdue = m.OverdueOpen, MessagesReplied = m.Replied, MessagesRepliedOnTime = m.RepliedOnTime };

    private static DateOnly FirstTrendMonth(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(1 - TrendMonths);

    /// <summary>Findings still with the unit past their open deadline (待核验 is the Monitor's, not the unit's).</summary>
    private static IQueryable<WorkflowInstance> OverdueFindings(GovernanceDbContext db, DateTime now) =>
        db.WorkflowInstances.AsNoTracking().Where(i => i.DefinitionKey == W4.Key && i.DueAtUtc < now && !i.IsFinal && i.State != W4.S.Submitted
                                                       && i.HandlingUnitId != null);

    private static IQueryable<WorkflowInstance> OverdueMessages(GovernanceDbContext db, DateTime now)
    {
        var overdue = MessageStatistics.OverdueOpen(db, now).Select(m => m.InstanceId);
        // "Past due" on the outer instance too: SQLite then reads it through (DefinitionKey, DueAtUtc) as the past-due range,
        // not as every message ever received probed against the list.
        return db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionKey == W3.Key && i.DueAtUtc < now && i.HandlingUnitId != null && overdue.Contains(i.Id));
    }

    /// <summary>Findings, columns and measures by unit: three grouped queries, whatever the number of units.</summary>
    private static async Task<Dictionary<int, UnitFigures>> FiguresAsync(GovernanceDbContext db, int? unitId, DateTime now, CancellationToken ct)
    {
        // Open findings raw, settled ones from the day figures of the days built (the other days raw); by the unit issued to.
        var findingFigures = (await FindingsAsync(db, null, null, unitId, now, ct))
            .Where(x => x.UnitId != NoUnit).GroupBy(x => x.UnitId)
            .Select(g => new
            {
                Unit = g.Key, Open = g.Sum(x => x.Open), Overdue = g.Sum(x => x.Overdue), Closed = g.Sum(x => x.Closed),
                OnTime = g.Sum(x => x.ClosedOnTime), Repeats = g.Sum(x => x.Repeats),
            })
            .ToList();

        var columnQuery = db.Columns.AsNoTracking().Where(c => c.IsActive && (c.Status == ColumnStatus.Overdue || c.Status == ColumnStatus.Blank));
        if (unitId is { } cu) columnQuery = columnQuery.Where(c => c.UnitId == cu);
        var columnFigures = await columnQuery.GroupBy(c => c.UnitId)
            .Select(g => new { Unit = g.Key, Stale = g.Count(c => c.Status == ColumnStatus.Overdue), Blank = g.Count(c => c.Status == ColumnStatus.Blank) })
            .ToListAsync(ct);

        var measureQuery = from m in db.AccountabilityMeasures.AsNoTracking()
                           join i in db.WorkflowInstances on m.InstanceId equals i.Id
                           where i.State != MeasureWorkflow.S.Revoked
                           select m;
        if (unitId is { } mu) measureQuery = measureQuery.Where(m => m.UnitId == mu);
        var measureFigures = await measureQuery.GroupBy(m => m.UnitId).Select(g => new { Unit = g.Key, Count = g.Count() }).ToListAsync(ct);

        var result = new Dictionary<int, UnitFigures>();
        UnitFigures Of(int id) => result.TryGetValue(id, out var f) ? f : result[id] = UnitFigures.Empty(id, "", 0);
        foreach (var x in findingFigures)
            result[x.Unit] = Of(x.Unit) with
            {
                OpenFindings = x.Open, OverdueFindings = x.Overdue, ClosedFindings = x.Closed, ClosedOnTime = x.OnTime, RepeatFindings = x.Repeats,
            };
        foreach (var x in columnFigures) result[x.Unit] = Of(x.Unit) with { StaleColumns = x.Stale, BlankColumns = x.Blank };
        foreach (var x in measureFigures) result[x.Unit] = Of(x.Unit) with { Measures = x.Count };
        return result;
    }

    /// <summary>
    /// The last <see cref="TrendMonths"/> China months: findings raised (not cancelled) and closed, grouped by month in SQL,
    /// with the replies <see cref="MessageStatistics.MonthlyRepliesAsync"/> grouped the same way.
    /// </summary>
    private static async Task<IReadOnlyList<TrendMonth>> TrendAsync(GovernanceDbContext db, int? unitId, DateOnly today,
        IReadOnlyList<MonthlyReplies> replies, CancellationToken ct)
    {
        var first = FirstTrendMonth(today);
        var last = first.AddMonths(TrendMonths).AddDays(-1);
        var raised = (await FindingsAsync(db, first, last, unitId, DateTime.MinValue, ct))
            .GroupBy(x => (x.Year, x.Month)).Select(g => new { g.Key.Year, g.Key.Month, Count = g.Sum(x => x.Raised) }).ToList();
        var closedMonths = new List<ClosedMonth>();
        foreach (var (start, end) in await DayFigures.UnbuiltAsync(db, DayFigures.FindingsClosed, first, last, ct))
            closedMonths.AddRange(await ClosedRawAsync(db, start, end, unitId, ct));
        // The built days: whole months by their month rows, the days of partial months by day.
        var closedRows = db.FindingClosedDayFigures.AsNoTracking();
        var closedMonthRows = db.FindingClosedMonthFigures.AsNoTracking();
        if (unitId is { } cu) (closedRows, closedMonthRows) = (closedRows.Where(r => r.UnitId == cu), closedMonthRows.Where(r => r.UnitId == cu));
        var (firstWhole, endWhole) = DayFigures.WholeMonths(first, last);
        var closedDays = await closedMonthRows.Where(r => r.Month >= firstWhole && r.Month < endWhole)
            .GroupBy(r => r.Month).Select(g => new { Day = g.Key, Closed = g.Sum(r => r.Closed) }).ToListAsync(ct);
        foreach (var (a, b) in DayFigures.PartialDays(first, last))
            closedDays.AddRange(await closedRows.Where(r => r.Day >= a && r.Day <= b)
                .GroupBy(r => r.Day).Select(g => new { Day = g.Key, Closed = g.Sum(r => r.Closed) }).ToListAsync(ct));
        closedMonths.AddRange(closedDays.Select(d => new ClosedMonth(d.Day.Year, d.Day.Month, unitId ?? NoUnit, d.Closed)));
        var closed = closedMonths.GroupBy(x => (x.Year, x.Month)).Select(g => new { g.Key.Year, g.Key.Month, Count = g.Sum(x => x.Closed) }).ToList();
        return Enumerable.Range(0, TrendMonths).Select(n =>
        {
            var month = first.AddMonths(n);
            var r = replies.FirstOrDefault(x => x.Year == month.Year && x.Month == month.Month);
            return new TrendMonth(month.Year, month.Month,
                raised.FirstOrDefault(x => x.Year == month.Year && x.Month == month.Month)?.Count ?? 0,
                closed.FirstOrDefault(x => x.Year == month.Year && x.Month == month.Month)?.Count ?? 0,
                r?.OnTime ?? 0, r?.Late ?? 0);
        }).ToList();
    }

    /// <summary>The unit key of findings issued to no unit in the day figures.</summary>
    internal const int NoUnit = 0;

    /// <summary>
    /// Findings found between two China days (both included; both null: all time): the open ones raw, the settled ones from the day
    /// figures of the days built and raw on the other days. By unit and China month, except the built days of a range (by
    /// month only: the unit asked for, or <see cref="NoUnit"/> for all) and of all time (by unit only: month 0).
    /// </summary>
    private static async Task<List<FindingMonth>> FindingsAsync(GovernanceDbContext db, DateOnly? from, DateOnly? to, int? unitId, DateTime now,
        CancellationToken ct)
    {
        DateTime? fromUtc = from is { } f ? ChinaTime.Span(f, f).FromUtc : null;
        DateTime? toUtc = to is { } t ? ChinaTime.Span(t, t).ToUtc : null;
        var result = await FindingsRawAsync(db, fromUtc, toUtc, settled: false, unitId, now, ct);
        foreach (var (start, end) in await DayFigures.UnbuiltAsync(db, DayFigures.Findings, from, to, ct))
            result.AddRange(await FindingsRawAsync(db, start, end, settled: true, unitId, now, ct));
        if (from is null && to is null)
        {
            // All time: the built days through the units' totals, one row per unit however many days.
            var totals = db.FindingUnitTotals.AsNoTracking();
            if (unitId is { } tu) totals = totals.Where(t => t.UnitId == tu);
            result.AddRange(await totals.Select(t => new FindingMonth(0, 0, t.UnitId, t.Raised, 0, 0, t.Closed, t.ClosedOnTime, t.Repeats)).ToListAsync(ct));
            return result;
        }
        // A range: the built days of whole months by their month rows, the days of partial months by day (the key's order: no
        // sort), then by month here (the unit asked for, or all).
        if (from is not { } rangeFrom || to is not { } rangeTo) throw new ArgumentException("a range of findings has both ends, or neither");
        var rows = db.FindingDayFigures.AsNoTracking();
        var monthRows = db.FindingMonthFigures.AsNoTracking();
        if (unitId is { } u) (rows, monthRows) = (rows.Where(r => r.UnitId == u), monthRows.Where(r => r.UnitId == u));
        var (firstWhole, endWhole) = DayFigures.WholeMonths(rangeFrom, rangeTo);
        var days = await monthRows.Where(r => r.Month >= firstWhole && r.Month < endWhole)
            .GroupBy(r => r.Month)
            .Select(g => new
            {
                Day = g.Key, Raised = g.Sum(r => r.Raised), Closed = g.Sum(r => r.Closed), ClosedOnTime = g.Sum(r => r.ClosedOnTime),
                Repeats = g.Sum(r => r.Repeats),
            })
            .ToListAsync(ct);
        foreach (var (a, b) in DayFigures.PartialDays(rangeFrom, rangeTo))
            days.AddRange(await rows.Where(r => r.Day >= a && r.Day <= b).GroupBy(r => r.Day)
                .Select(g => new
                {
                    Day = g.Key, Raised = g.Sum(r => r.Raised), Closed = g.Sum(r => r.Closed), ClosedOnTime = g.Sum(r => r.ClosedOnTime),
                    Repeats = g.Sum(r => r.Repeats),
                })
                .ToListAsync(ct));
        result.AddRange(days.Select(d => new FindingMonth(d.Day.Year, d.Day.Month, unitId ?? NoUnit, d.Raised, 0, 0, d.Closed, d.ClosedOnTime, d.Repeats)));
        return result;
    }

    /// <summary>
    /// THE raw figures of findings found in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) (null: open), cancelled ones
    /// left out, by China month found and the unit issued to (<see cref="NoUnit"/>: none): settled (已销号 or 已撤销: what the
    /// day figures hold) or open (read through the open states' index). Open and 超期 (open, with the unit, past the
    /// deadline at <paramref name="now"/>) are figures of open findings only.
    /// </summary>
    internal static async Task<List<FindingMonth>> FindingsRawAsync(GovernanceDbContext db, DateTime? fromUtc, DateTime? toUtc, bool settled,
        int? unitId, DateTime now, CancellationToken ct)
    {
        var findings = db.Findings.AsNoTracking();
        if (fromUtc is { } f) findings = findings.Where(x => x.FoundAtUtc >= f);
        if (toUtc is { } t) findings = findings.Where(x => x.FoundAtUtc < t);
        var items = from x in findings
                    join i in db.WorkflowInstances on x.InstanceId equals i.Id
                    where !x.IsCancelled && i.State != W4.S.Cancelled
                    select new { f = x, i };
        // Settled ⇔ 已销号 (FindingRules.Close sets ClosedAtUtc) or 已撤销 (Cancel sets IsCancelled); the others are open.
        items = settled
            ? items.Where(x => x.f.ClosedAtUtc != null || x.f.IsCancelled)
            : items.Where(x => x.i.DefinitionKey == W4.Key && (x.i.State == W4.S.Issued || x.i.State == W4.S.Acknowledged
                                                               || x.i.State == W4.S.Rectifying || x.i.State == W4.S.Submitted));
        if (unitId is { } only) items = items.Where(x => x.i.HandlingUnitId == only);
        // The China month: UTC + 8 hours, then its year and month.
        var rows = await items
            .Select(x => new
            {
                At = x.f.FoundAtUtc.AddHours(8),
                Unit = x.i.HandlingUnitId ?? NoUnit,
                Open = !x.i.IsFinal,
                Overdue = !x.i.IsFinal && x.i.State != W4.S.Submitted && x.i.DueAtUtc < now,
                Closed = x.i.State == W4.S.Closed,
                OnTime = x.i.State == W4.S.Closed && x.f.RectifiedOnTime == true,
                Repeat = x.f.IsRepeat,
            })
            .GroupBy(x => new { x.At.Year, x.At.Month, x.Unit })
            .Select(g => new
            {
                g.Key.Year, g.Key.Month, g.Key.Unit, Raised = g.Count(), Open = g.Count(x => x.Open), Overdue = g.Count(x => x.Overdue),
                Closed = g.Count(x => x.Closed), OnTime = g.Count(x => x.OnTime), Repeats = g.Count(x => x.Repeat),
            })
            .ToListAsync(ct);
        return rows.Select(r => new FindingMonth(r.Year, r.Month, r.Unit, r.Raised, r.Open, r.Overdue, r.Closed, r.OnTime, r.Repeats)).ToList();
    }

    /// <summary>
    /// THE raw count of findings closed (已销号) in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) (null: open), by China
    /// month closed and the unit issued to (<see cref="NoUnit"/>: none).
    /// </summary>
    internal static async Task<List<ClosedMonth>> ClosedRawAsync(GovernanceDbContext db, DateTime? fromUtc, DateTime? toUtc, int? unitId,
        CancellationToken ct)
    {
        var findings = db.Findings.AsNoTracking().Where(x => x.ClosedAtUtc != null);
        if (fromUtc is { } f) findings = findings.Where(x => x.ClosedAtUtc >= f);
        if (toUtc is { } t) findings = findings.Where(x => x.ClosedAtUtc < t);
        var items = from x in findings
                    join i in db.WorkflowInstances on x.InstanceId equals i.Id
                    where !x.IsCancelled && i.State == W4.S.Closed
                    select new { f = x, i.HandlingUnitId };
        if (unitId is { } only) items = items.Where(x => x.HandlingUnitId == only);
        var rows = await items.Select(x => new { At = x.f.ClosedAtUtc!.Value.AddHours(8), Unit = x.HandlingUnitId ?? NoUnit })
            .GroupBy(x => new { x.At.Year, x.At.Month, x.Unit })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Unit, Count = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new ClosedMonth(r.Year, r.Month, r.Unit, r.Count)).ToList();
    }

    /// <summary>The overdue findings and messages, the longest overdue first (at most <see cref="MaxOverdueItems"/>), and how many there are.</summary>
    private static async Task<(IReadOnlyList<OverdueItem> Items, int Total)> OverdueItemsAsync(GovernanceDbContext db, DateTime now, CancellationToken ct)
    {
        IQueryable<OverdueRow> Rows(IQueryable<WorkflowInstance> q) => q.Select(i => new OverdueRow
        {
            Id = i.Id, Key = i.DefinitionKey, Number = i.Number, Title = i.Title, UnitId = i.HandlingUnitId!.Value, Unit = i.HandlingUnit!.Name,
            Due = i.DueAtUtc ?? default,
        });
        var total = await OverdueFindings(db, now).CountAsync(ct) + await OverdueMessages(db, now).CountAsync(ct);
        var rows = new List<OverdueRow>();
        foreach (var q in new[] { OverdueFindings(db, now), OverdueMessages(db, now) })
            rows.AddRange(await Rows(q).OrderBy(r => r.Due).ThenBy(r => r.Id).Take(MaxOverdueItems).ToListAsync(ct));
        return (rows.OrderBy(r => r.Due).ThenBy(r => r.Id).Take(MaxOverdueItems).Select(r =>
        {
            var def = r.Key == W4.Key ? W4.Definition : W3.Definition;
            var kind = r.Key == W4.Key ? "整改问题" : "网民留言";
            return new OverdueItem(r.Id, r.Number, r.Title, kind, r.UnitId, r.Unit, r.Due, def.Link(r.Id));
        }).ToList(), total);
    }

    private sealed class OverdueRow
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Number { get; init; } = "";
        public string Title { get; init; } = "";
        public int UnitId { get; init; }
        public string Unit { get; init; } = "";
        public DateTime Due { get; init; }
    }
}
