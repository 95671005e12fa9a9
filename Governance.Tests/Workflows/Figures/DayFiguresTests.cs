using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Figures;
using Microsoft.EntityFrameworkCore;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Workflows.Figures;

/// <summary>
/// The day figures of settled items: built by the runtime when an item settles, read instead of the raw rows for the days
/// marked, and the same figures either way — every expected value worked out by hand from the scenario below.
/// </summary>
/// <remarks>
/// Messages (the March scenario of CitizenMessageRemindersAndStatisticsTests), all received Mon 2 Mar 09:00: a and b assigned
/// to 县教育局 at 10:00, a replied Thu 5 Mar 15:00 (3 working days, on time), b replied Mon 9 Mar 15:00 (5 working days,
/// late); c assigned to 县财政局, returned by it Tue 3 Mar, assigned to 县教育局 Wed 4 Mar and still open (overdue on Wed 11 Mar);
/// d marked invalid. Findings, all raised Mon 2 Mar 09:00 against the same page: F1 (县教育局) closed at once, on time; F2
/// (县教育局, 严重, a repeat of F1) closed Thu 5 Mar, late (due Wed 4 Mar); F3 (县教育局) cancelled; F4 (县财政局, a repeat) still
/// 已下发, due Mon 9 Mar. Now: Wed 11 Mar 09:00.
/// </remarks>
public sealed class DayFiguresTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private int _edu, _finance;

    private static readonly DateOnly March2 = new(2026, 3, 2);

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(start: China(3, 2, 9));
        _edu = await _host.UnitIdAsync("县教育局");
        _finance = await _host.UnitIdAsync("县财政局");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset China(int m, int d, int h, int min = 0) => new(2026, m, d, h, min, 0, TimeSpan.FromHours(8));

    private DayFigures Figures => _host.Get<DayFigures>();

    private async Task ScenarioAsync()
    {
        _host.Clock.SetUtcNow(China(3, 2, 9));
        var a = await _host.ReceiveMessageAsync();
        var b = await _host.ReceiveMessageAsync();
        var c = await _host.ReceiveMessageAsync();
        var d = await _host.ReceiveMessageAsync();
        await _host.DriveW4Async(W4.S.Closed);
        var (f2, v2) = await _host.DriveW4Async(W4.S.Rectifying, await _host.FindingAsync(severity: FindingSeverity.Serious));
        await _host.DriveW4Async(W4.S.Cancelled);
        await _host.RaiseFindingAsync(await _host.FindingAsync("县财政局"));
        _host.Clock.SetUtcNow(China(3, 2, 10));
        var va = await _host.AssignAsync(a.Id, a.Version);
        var vb = await _host.AssignAsync(b.Id, b.Version);
        var vc = await _host.AssignAsync(c.Id, c.Version, "县财政局");
        await _host.MustFireAsync(d.Id, d.Version, T.MarkInvalid, "monitor", "重复留言");

        async Task Reply(long id, int v)
        {
            v = await _host.MustFireAsync(id, v, T.Accept, "editor");
            v = await _host.SaveReplyAsync(id, v, "您好，已按规定办理。");
            v = await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
            await _host.MustFireAsync(id, v, T.ApproveReply, "reviewer");
        }
        _host.Clock.SetUtcNow(China(3, 3, 10));
        vc = await _host.MustFireAsync(c.Id, vc, T.Return, "editor2", "应由教育局答复");
        _host.Clock.SetUtcNow(China(3, 4, 10));
        await _host.AssignAsync(c.Id, vc);
        _host.Clock.SetUtcNow(China(3, 5, 15));
        await Reply(a.Id, va);
        v2 = await _host.SaveReportAsync(f2, v2);
        v2 = await _host.MustFireAsync(f2, v2, W4.T.Submit, "editor");
        await _host.MustFireAsync(f2, v2, W4.T.Verify, "monitor");
        _host.Clock.SetUtcNow(China(3, 9, 15));
        await Reply(b.Id, vb);
        _host.Clock.SetUtcNow(China(3, 11, 9));
    }

    /// <summary>Every family's rows and markers, one line each, in key order.</summary>
    private async Task<List<string>> RowsAsync()
    {
        await using var db = _host.NewDbContext();
        var lines = new List<string>();
        lines.AddRange((await db.FigureDays.AsNoTracking().OrderBy(x => x.Family).ThenBy(x => x.Day).ToListAsync())
            .Select(x => $"marker {x.Family} {x.Day:MM-dd}"));
        string Figures(MessageFigures x) =>
            $"{Unit(x.UnitId)}: received {x.Received} assigned {x.Assigned} replied {x.Replied} onTime {x.RepliedOnTime} late {x.RepliedLate} " +
            $"extended {x.Extended} invalid {x.Invalid} returned {x.Returned} " +
            $"fromAssignment {x.DaysFromAssignmentSum}/{x.DaysFromAssignmentCount} fromReceipt {x.DaysFromReceiptSum}/{x.DaysFromReceiptCount}";
        lines.AddRange((await db.MessageDayFigures.AsNoTracking().OrderBy(x => x.Day).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"messages {x.Day:MM-dd} {Figures(x)}"));
        lines.AddRange((await db.MessageMonthFigures.AsNoTracking().OrderBy(x => x.Month).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"messages month {x.Month:yyyy-MM} {Figures(x)}"));
        lines.AddRange((await db.ReplyDayFigures.AsNoTracking().OrderBy(x => x.Day).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"replies {x.Day:MM-dd} {Unit(x.UnitId)}: {x.Replied} onTime {x.OnTime} late {x.Late}"));
        lines.AddRange((await db.FindingDayFigures.AsNoTracking().OrderBy(x => x.Day).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"findings {x.Day:MM-dd} {Unit(x.UnitId)}: raised {x.Raised} closed {x.Closed} onTime {x.ClosedOnTime} repeats {x.Repeats}"));
        lines.AddRange((await db.FindingClosedDayFigures.AsNoTracking().OrderBy(x => x.Day).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"closed {x.Day:MM-dd} {Unit(x.UnitId)}: {x.Closed}"));
        lines.AddRange((await db.ReplyUnitTotals.AsNoTracking().OrderBy(x => x.UnitId).ToListAsync())
            .Select(x => $"replies total {Unit(x.UnitId)}: {x.Replied} onTime {x.OnTime} late {x.Late}"));
        lines.AddRange((await db.FindingUnitTotals.AsNoTracking().OrderBy(x => x.UnitId).ToListAsync())
            .Select(x => $"findings total {Unit(x.UnitId)}: raised {x.Raised} closed {x.Closed} onTime {x.ClosedOnTime} repeats {x.Repeats}"));
        lines.AddRange((await db.ReplyMonthFigures.AsNoTracking().OrderBy(x => x.Month).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"replies month {x.Month:yyyy-MM} {Unit(x.UnitId)}: {x.Replied} onTime {x.OnTime} late {x.Late}"));
        lines.AddRange((await db.FindingMonthFigures.AsNoTracking().OrderBy(x => x.Month).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"findings month {x.Month:yyyy-MM} {Unit(x.UnitId)}: raised {x.Raised} closed {x.Closed} onTime {x.ClosedOnTime} repeats {x.Repeats}"));
        lines.AddRange((await db.FindingClosedMonthFigures.AsNoTracking().OrderBy(x => x.Month).ThenBy(x => x.UnitId).ToListAsync())
            .Select(x => $"closed month {x.Month:yyyy-MM} {Unit(x.UnitId)}: {x.Closed}"));
        lines.AddRange((await db.FigureWatermarks.AsNoTracking().OrderBy(x => x.Family).ToListAsync())
            .Select(x => $"watermark {x.Family} {x.FromDay:MM-dd}..{x.ThroughDay:MM-dd}"));
        return lines;
    }

    private string Unit(int id) => id == _edu ? "教育局" : id == _finance ? "财政局" : id == 0 ? "未分办" : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What settling through the runtime leaves: the days of the settled items, built and marked, nothing else.</summary>
    private static readonly string[] BuiltByTheRuntime =
    [
        "marker findings 03-02",
        "marker findings-closed 03-02",
        "marker findings-closed 03-05",
        "marker messages 03-02",
        "marker replies 03-05",
        "marker replies 03-09",
        // d (invalid, no unit); a and b (c is open: not here, nor 县财政局's return of it).
        "messages 03-02 未分办: received 1 assigned 0 replied 0 onTime 0 late 0 extended 0 invalid 1 returned 0 fromAssignment 0/0 fromReceipt 0/0",
        "messages 03-02 教育局: received 2 assigned 2 replied 2 onTime 1 late 1 extended 0 invalid 0 returned 0 fromAssignment 8/2 fromReceipt 8/2",
        // March: that one day.
        "messages month 2026-03 未分办: received 1 assigned 0 replied 0 onTime 0 late 0 extended 0 invalid 1 returned 0 fromAssignment 0/0 fromReceipt 0/0",
        "messages month 2026-03 教育局: received 2 assigned 2 replied 2 onTime 1 late 1 extended 0 invalid 0 returned 0 fromAssignment 8/2 fromReceipt 8/2",
        "replies 03-05 教育局: 1 onTime 1 late 0",
        "replies 03-09 教育局: 1 onTime 0 late 1",
        // F1 and F2 (F3 cancelled counts nowhere; F4 open).
        "findings 03-02 教育局: raised 2 closed 2 onTime 1 repeats 1",
        "closed 03-02 教育局: 1",
        "closed 03-05 教育局: 1",
        // The units' totals over the built days.
        "replies total 教育局: 2 onTime 1 late 1",
        "findings total 教育局: raised 2 closed 2 onTime 1 repeats 1",
        // March's month rows: the sums of its built days.
        "replies month 2026-03 教育局: 2 onTime 1 late 1",
        "findings month 2026-03 教育局: raised 2 closed 2 onTime 1 repeats 1",
        "closed month 2026-03 教育局: 2",
    ];

    [Fact]
    public async Task Settling_ThroughTheRuntime_BuildsTheDaysOfTheSettledItems()
    {
        await ScenarioAsync();

        Assert.Equal(BuiltByTheRuntime, await RowsAsync());
    }

    [Fact]
    public async Task Read_UsesTheRowsOfAMarkedDay_ARebuildRestoresThem()
    {
        await ScenarioAsync();
        var monitor = await _host.ActorAsync("monitor");
        var statistics = _host.Get<MessageStatistics>();
        await using (var db = _host.NewDbContext())
        {
            await db.MessageDayFigures.Where(r => r.Day == March2 && r.UnitId == _edu).ExecuteUpdateAsync(s => s.SetProperty(r => r.Received, 12));
            await db.MessageMonthFigures.Where(r => r.UnitId == _edu).ExecuteUpdateAsync(s => s.SetProperty(r => r.Received, 20));
        }

        // 2–31 March: by day (a partial month); 12 from the row, 1 open (c) from the raw rows.
        var byDay = (await statistics.ComputeAsync(monitor, March2, new DateOnly(2026, 3, 31)))!;
        Assert.Equal((13, 14), (byDay.Units.Single(u => u.UnitId == _edu).Received, byDay.Total.Received));
        // All March: by its month row.
        var byMonth = (await statistics.ComputeAsync(monitor, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)))!;
        Assert.Equal((21, 22), (byMonth.Units.Single(u => u.UnitId == _edu).Received, byMonth.Total.Received));

        await using (var db = _host.NewDbContext()) await Figures.BuildAsync(db, DayFigures.Messages, March2);
        foreach (var from in new[] { new DateOnly(2026, 3, 1), March2 })
        {
            var rebuilt = (await statistics.ComputeAsync(monitor, from, new DateOnly(2026, 3, 31)))!;
            Assert.Equal((3, 4), (rebuilt.Units.Single(u => u.UnitId == _edu).Received, rebuilt.Total.Received));
        }
        Assert.Equal(BuiltByTheRuntime, await RowsAsync());
    }

    [Fact]
    public async Task Figures_WithNoDayBuilt_AndWithEveryDayBuilt_AreTheHandWorkedFigures()
    {
        await ScenarioAsync();
        await using (var db = _host.NewDbContext())
            foreach (var family in DayFigures.Families) await DayFigures.ForgetAsync(db, family);
        Assert.Empty(await RowsAsync());
        await AssertHandWorkedFiguresAsync();

        // 2–11 Mar for messages, findings and closed findings; replies from 5 Mar (the first reply).
        Assert.Equal(10 + 7 + 10 + 10, await Figures.BuildMissingAsync(new DateOnly(2026, 3, 11)));
        await AssertHandWorkedFiguresAsync();
    }

    private async Task AssertHandWorkedFiguresAsync()
    {
        var monitor = await _host.ActorAsync("monitor");
        var officer = await _host.ActorAsync("accountability");
        var report = (await _host.Get<MessageStatistics>().ComputeAsync(monitor, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)))!;
        var edu = Assert.Single(report.Units, u => u.UnitId == _edu);
        // a, b, c: all three assigned, a and b replied (a on time), c open and overdue (due Tue 10 Mar).
        Assert.Equal((3, 3, 2, 1, 1, 1, 0, 0, 0), (edu.Received, edu.Assigned, edu.Replied, edu.RepliedOnTime, edu.OverdueOpen, edu.RepliedLate,
            edu.Returned, edu.Extended, edu.Invalid));
        // (3 + 5) ÷ 2 working days, from assignment and from receipt alike.
        Assert.Equal((4.0, 4.0), (edu.AverageWorkingDaysToReply, edu.AverageWorkingDaysSinceReceipt));
        Assert.Equal(1, Assert.Single(report.Units, u => u.UnitId == _finance).Returned);
        Assert.Equal((1, 1), (report.Units.Single(u => u.UnitId is null).Received, report.Units.Single(u => u.UnitId is null).Invalid));
        Assert.Equal((4, 3, 2, 1, 1, 1), (report.Total.Received, report.Total.Assigned, report.Total.Replied, report.Total.Returned,
            report.Total.Invalid, report.Total.OverdueOpen));
        Assert.Equal(4.0, report.Total.AverageWorkingDaysToReply);

        var unitRow = (await _host.Get<MessageStatistics>().ComputeForUnitAsync(officer, _edu, AccountabilityDashboard.MessagesSince, new DateOnly(2026, 3, 11)))!;
        Assert.Equal((3, 2, 1), (unitRow.Received, unitRow.Replied, unitRow.RepliedOnTime));
        var months = (await _host.Get<MessageStatistics>().MonthlyRepliesAsync(officer, new DateOnly(2026, 1, 1), 3))!;
        Assert.Equal([new MonthlyReplies(2026, 3, 1, 1)], months);
        var counts = (await _host.Get<MessageStatistics>().CountsByUnitAsync(officer))!;
        Assert.Equal((2, 1, 1), counts[_edu]);

        var dashboard = (await _host.Get<AccountabilityDashboard>().ForAsync(officer))!;
        var eduFigures = Assert.Single(dashboard.Units, u => u.UnitId == _edu);
        // F1 and F2 closed (F1 on time), F2 a repeat; F3 cancelled.
        Assert.Equal((0, 0, 2, 1, 1), (eduFigures.OpenFindings, eduFigures.OverdueFindings, eduFigures.ClosedFindings, eduFigures.ClosedOnTime,
            eduFigures.RepeatFindings));
        Assert.Equal((2, 1, 1), (eduFigures.MessagesReplied, eduFigures.MessagesRepliedOnTime, eduFigures.MessagesOverdue));
        var finance = Assert.Single(dashboard.Units, u => u.UnitId == _finance);
        // F4: open, past Mon 9 Mar, a repeat.
        Assert.Equal((1, 1, 0, 0, 1), (finance.OpenFindings, finance.OverdueFindings, finance.ClosedFindings, finance.ClosedOnTime, finance.RepeatFindings));
        var march = dashboard.Trend.Single(m => m is { Year: 2026, Month: 3 });
        Assert.Equal((3, 2, 1, 1), (march.FindingsRaised, march.FindingsClosed, march.RepliedOnTime, march.RepliedLate));
        Assert.Equal(11, dashboard.Trend.Count(m => m.FindingsRaised + m.FindingsClosed + m.RepliedOnTime + m.RepliedLate == 0));
    }

    [Fact]
    public async Task Job_RunTwice_BuildsThePastDaysOnce_SameRows()
    {
        await ScenarioAsync();
        await using (var db = _host.NewDbContext())
            foreach (var family in DayFigures.Families) await DayFigures.ForgetAsync(db, family);

        // Through yesterday (Tue 10 Mar), from each family's first day: messages, findings 2–10 Mar (9 days each); replies
        // 5–10 Mar (6); closed 2–10 Mar (9). Days without a settled item are marked with no rows.
        Assert.Equal(9 + 6 + 9 + 9, await Figures.RunAsync());
        var first = await RowsAsync();
        Assert.Equal(0, await Figures.RunAsync());
        Assert.Equal(first, await RowsAsync());
        static bool Figure(string line) => !line.StartsWith("marker", StringComparison.Ordinal) && !line.StartsWith("watermark", StringComparison.Ordinal);
        Assert.Equal(BuiltByTheRuntime.Where(Figure), first.Where(Figure));
        Assert.Equal(33, first.Count(l => l.StartsWith("marker", StringComparison.Ordinal)));
        // Every day from each family's first through yesterday is built: one watermark each.
        Assert.Equal(["watermark findings 03-02..03-10", "watermark findings-closed 03-02..03-10", "watermark messages 03-02..03-10",
            "watermark replies 03-05..03-10"], first.Where(l => l.StartsWith("watermark", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Watermark_OnlyTheMarkersOutsideItAreRead_ABackdatedItemBeforeItIsCounted_ForgetDropsIt()
    {
        await ScenarioAsync();
        await using (var db = _host.NewDbContext())
            foreach (var family in DayFigures.Families) await DayFigures.ForgetAsync(db, family);
        await Figures.RunAsync(); // messages built and watermarked 2–10 Mar
        DateTime Utc(int m, int d) => new(2026, m, d, 16, 0, 0, DateTimeKind.Utc); // the China day after starts at 16:00 UTC

        async Task<List<(DateTime?, DateTime?)>> Unbuilt(DateOnly? from, DateOnly? to)
        {
            await using var db = _host.NewDbContext();
            return await DayFigures.UnbuiltAsync(db, DayFigures.Messages, from, to, CancellationToken.None);
        }
        Assert.Equal(new (DateTime?, DateTime?)[] { (null, Utc(3, 1)), (Utc(3, 10), null) }, await Unbuilt(null, null));
        Assert.Equal(new (DateTime?, DateTime?)[] { (Utc(2, 28), Utc(3, 1)), (Utc(3, 10), Utc(3, 31)) },
            await Unbuilt(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
        Assert.Empty(await Unbuilt(new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 9)));
        // A marker inside the watermark is not read: deleted behind the watermark's back, its day still counts as built.
        await using (var db = _host.NewDbContext())
            await db.FigureDays.Where(d => d.Family == DayFigures.Messages && d.Day == new DateOnly(2026, 3, 5)).ExecuteDeleteAsync();
        Assert.Empty(await Unbuilt(new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 9)));

        // A message entered today with an earlier date (Fri 20 Feb), marked invalid: its day is built by the rule, before the
        // watermark; February's figures count it once.
        var backdated = CitizenMessageDriver.Intake();
        backdated.ReceivedAt = "2026-02-20T09:00:00+08:00";
        var e = await _host.ReceiveMessageAsync(backdated);
        await _host.MustFireAsync(e.Id, e.Version, T.MarkInvalid, "monitor", "重复留言");
        Assert.Equal(new (DateTime?, DateTime?)[] { (null, Utc(2, 19)), (Utc(2, 20), Utc(3, 1)), (Utc(3, 10), null) }, await Unbuilt(null, null));
        var february = (await _host.Get<MessageStatistics>().ComputeAsync(await _host.ActorAsync("monitor"), new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)))!;
        Assert.Equal((1, 1), (february.Total.Received, february.Total.Invalid));

        await using (var db = _host.NewDbContext()) await DayFigures.ForgetAsync(db, DayFigures.Messages);
        Assert.DoesNotContain(await RowsAsync(), l => l.StartsWith("watermark messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trend_ReadsTheMonthRows_ARebuildOfADayRepairsItsMonth()
    {
        await ScenarioAsync();
        var officer = await _host.ActorAsync("accountability");
        await using (var db = _host.NewDbContext())
        {
            await db.ReplyMonthFigures.Where(r => r.UnitId == _edu).ExecuteUpdateAsync(s => s.SetProperty(r => r.OnTime, 7));
            await db.FindingMonthFigures.Where(r => r.UnitId == _edu).ExecuteUpdateAsync(s => s.SetProperty(r => r.Raised, 9));
            await db.FindingClosedMonthFigures.Where(r => r.UnitId == _edu).ExecuteUpdateAsync(s => s.SetProperty(r => r.Closed, 8));
        }
        // March is a whole month of the trend: read from the (tampered) month rows, plus F4 open (raised) from the raw rows.
        var march = (await _host.Get<AccountabilityDashboard>().ForAsync(officer))!.Trend.Single(m => m is { Year: 2026, Month: 3 });
        Assert.Equal((10, 8, 7, 1), (march.FindingsRaised, march.FindingsClosed, march.RepliedOnTime, march.RepliedLate));

        await using (var db = _host.NewDbContext())
        {
            await Figures.BuildAsync(db, DayFigures.Replies, new DateOnly(2026, 3, 9));
            await Figures.BuildAsync(db, DayFigures.Findings, March2);
            await Figures.BuildAsync(db, DayFigures.FindingsClosed, March2);
        }
        march = (await _host.Get<AccountabilityDashboard>().ForAsync(officer))!.Trend.Single(m => m is { Year: 2026, Month: 3 });
        Assert.Equal((3, 2, 1, 1), (march.FindingsRaised, march.FindingsClosed, march.RepliedOnTime, march.RepliedLate));
        Assert.Equal(BuiltByTheRuntime, await RowsAsync());
    }

    [Fact]
    public async Task CalendarChange_DropsTheMessageFigures_TheJobRebuildsThemOnTheNewCalendar()
    {
        await ScenarioAsync();
        var monitor = await _host.ActorAsync("monitor");
        // Wed 4 Mar becomes a holiday: a took 2 working days, b 4 → average 3.
        Assert.Null(await _host.Get<CalendarStore>().SetDayAsync(await _host.ActorAsync("admin"), new DateOnly(2026, 3, 4), CalendarDayKind.Holiday, "测试假日"));
        Assert.DoesNotContain(await RowsAsync(), l => l.StartsWith("messages", StringComparison.Ordinal) || l.StartsWith("marker messages", StringComparison.Ordinal));

        var raw = (await _host.Get<MessageStatistics>().ComputeAsync(monitor, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)))!;
        Assert.Equal(3.0, raw.Units.Single(u => u.UnitId == _edu).AverageWorkingDaysToReply);

        await Figures.RunAsync();
        Assert.Contains("messages 03-02 教育局: received 2 assigned 2 replied 2 onTime 1 late 1 extended 0 invalid 0 returned 0 fromAssignment 6/2 fromReceipt 6/2",
            await RowsAsync());
        Assert.Contains("messages month 2026-03 教育局: received 2 assigned 2 replied 2 onTime 1 late 1 extended 0 invalid 0 returned 0 fromAssignment 6/2 fromReceipt 6/2",
            await RowsAsync());
        var rebuilt = (await _host.Get<MessageStatistics>().ComputeAsync(monitor, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)))!;
        Assert.Equal(3.0, rebuilt.Units.Single(u => u.UnitId == _edu).AverageWorkingDaysToReply);
        // The replies' own figures do not depend on the calendar: kept.
        Assert.Contains("marker replies 03-05", await RowsAsync());
    }

    [Fact]
    public async Task TwoRepliesOfOneDay_ApprovedAtOnce_BothSettle_TheDayCountsBoth()
    {
        // Two messages received Mon 2 Mar, assigned to 县教育局; both replies approved at once on Thu 5 Mar: each approval
        // rebuilds the same days (receipt 2 Mar, reply 5 Mar). On PostgreSQL too, the write lock makes the second wait and
        // rebuild after the first — no clash on the day rows' key, and both counted.
        _host.Clock.SetUtcNow(China(3, 2, 9));
        var a = await _host.ReceiveMessageAsync();
        var b = await _host.ReceiveMessageAsync();
        _host.Clock.SetUtcNow(China(3, 2, 10));
        var ready = new List<(long Id, int Version)>();
        foreach (var m in new[] { a, b })
        {
            var v = await _host.AssignAsync(m.Id, m.Version);
            v = await _host.MustFireAsync(m.Id, v, T.Accept, "editor");
            v = await _host.SaveReplyAsync(m.Id, v, "您好，已按规定办理。");
            ready.Add((m.Id, await _host.MustFireAsync(m.Id, v, T.SubmitReply, "editor")));
        }
        _host.Clock.SetUtcNow(China(3, 5, 15));
        var reviewer = await _host.ActorAsync("reviewer");

        var (results, overlapped) = await Contenders.RunTogetherAsync(2,
            i => _host.Runtime.FireAsync(ready[i].Id, ready[i].Version, T.ApproveReply, reviewer, Governance.Workflows.Engine.FireInput.Empty));

        Assert.True(overlapped, "the two approvals did not overlap");
        Assert.All(results, r => Assert.Equal(Governance.Workflows.Engine.FireStatus.Applied, r.Status));
        var rows = await RowsAsync();
        Assert.Contains("replies 03-05 教育局: 2 onTime 2 late 0", rows);
        Assert.Contains("replies month 2026-03 教育局: 2 onTime 2 late 0", rows);
        Assert.Contains("replies total 教育局: 2 onTime 2 late 0", rows);
        Assert.Contains(rows, l => l.StartsWith("messages 03-02 教育局: received 2 assigned 2 replied 2 onTime 2 late 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Unmarked_MergesTheDaysWithoutMarkerIntoUtcIntervals()
    {
        DateTime Utc(int m, int d) => new(2026, m, d, 16, 0, 0, DateTimeKind.Utc); // the China day after starts at 16:00 UTC
        var marked = new List<DateOnly> { new(2026, 3, 3), new(2026, 3, 4), new(2026, 3, 7) };

        Assert.Equal(new (DateTime?, DateTime?)[] { (Utc(3, 1), Utc(3, 2)), (Utc(3, 4), Utc(3, 6)), (Utc(3, 7), Utc(3, 9)) },
            DayFigures.Unmarked(marked, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 9)));
        Assert.Equal(new (DateTime?, DateTime?)[] { (null, Utc(3, 2)), (Utc(3, 4), Utc(3, 6)), (Utc(3, 7), null) }, DayFigures.Unmarked(marked, null, null));
        Assert.Empty(DayFigures.Unmarked(marked, new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 4)));
        Assert.Equal(new (DateTime?, DateTime?)[] { (null, null) }, DayFigures.Unmarked([], null, null));
    }
}
