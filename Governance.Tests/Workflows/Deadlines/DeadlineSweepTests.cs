using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;
using W1 = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow;

namespace Governance.Tests.Workflows.Deadlines;

/// <summary>
/// Deadlines opened and closed by transitions, and the reminder sweep's exactly-once behaviour under repeats, downtime
/// and parallel runs. Each test has its own database and clock. Dates were checked by hand against the 2026 schedule
/// (2026-03-02 is a Monday; 国庆/中秋 2026: 10-01..10-07 off, 10-10 Sat is a make-up working day).
/// </summary>
public sealed class DeadlineSweepTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() => host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    /// <summary>China time → UTC.</summary>
    private static DateTime Cst(int y, int mo, int d, int h, int mi, int s) =>
        new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(8)).UtcDateTime;

    private async Task<Deadline> OpenDeadlineAsync(long id)
    {
        await using var db = host.NewDbContext();
        return await db.Deadlines.AsNoTracking().Include(d => d.Reminders).SingleAsync(d => d.InstanceId == id && d.ClosedAtUtc == null);
    }

    /// <summary>(user name, kind) of every reminder notification of the instance, sorted.</summary>
    private async Task<List<string>> ReminderNotificationsAsync(long id)
    {
        await using var db = host.NewDbContext();
        return await (from n in db.Notifications
                      where n.InstanceId == id && n.DedupKey.StartsWith("r:")
                      join u in db.Users on n.UserId equals u.Id
                      orderby n.Kind, u.UserName
                      select n.Kind + ":" + u.UserName).ToListAsync();
    }

    private async Task<int> AllReminderNotificationsAsync()
    {
        await using var db = host.NewDbContext();
        return await db.Notifications.CountAsync(n => n.DedupKey.StartsWith("r:"));
    }

    // 县教育局's UnitReviewers: reviewer, reviewer3 and secrecy (the demo's second reviewer, for 保密审查).
    private static readonly string[] BeforeToUnitReviewers = ["reminder:reviewer", "reminder:reviewer3", "reminder:secrecy"];
    private static readonly string[] EscalationToSupervisors = ["escalation:supervisor", "escalation:supervisor2", "escalation:supreviewer"];

    [Fact]
    public async Task Submit_OpensUnitReviewDeadline_EndOfSecondWorkingDayWithBeforeAndEscalation()
    {
        var (id, v) = await host.CreateDraftAsync();
        await using (var db = host.NewDbContext()) Assert.False(await db.Deadlines.AnyAsync(d => d.InstanceId == id)); // Draft: none
        await host.MustFireAsync(id, v, T.Submit, "editor");

        var d = await OpenDeadlineAsync(id);

        Assert.Equal(S.UnitReview, d.State);
        Assert.Equal(Roles.UnitReviewer, d.ResponsibleRole);
        Assert.Equal(await host.UnitIdAsync("县教育局"), d.ResponsibleUnitId);
        Assert.Equal(WorkflowTestHost.Start.UtcDateTime, d.StartedAtUtc);
        // Mon 2026-03-02 → Tue (1), Wed (2): Wed 23:59:59 CST.
        Assert.Equal(Cst(2026, 3, 4, 23, 59, 59), d.DueAtUtc);
        Assert.Equal(Utc(2026, 3, 4, 15, 59, 59), d.DueAtUtc);
        Assert.True(d.CalendarKnown);
        Assert.Equal(2, d.StateEntrySeq);
        var reminders = d.Reminders.OrderBy(r => r.FireAtUtc).ToList();
        Assert.Equal([ReminderLevel.Before, ReminderLevel.Escalation], reminders.Select(r => r.Level));
        Assert.All(reminders, r => Assert.Equal(ReminderStatus.Pending, r.Status));
        Assert.Equal(Cst(2026, 3, 3, 9, 0, 0), reminders[0].FireAtUtc); // 09:00 on the working day before
        Assert.Equal(Roles.UnitReviewer, reminders[0].NotifyRoles);
        Assert.Equal(Cst(2026, 3, 5, 0, 0, 0), reminders[1].FireAtUtc); // right after the deadline
        Assert.Equal(Roles.Supervisor, reminders[1].NotifyRoles);
        Assert.Equal(d.DueAtUtc, (await host.OpenDeadlineAsync(id))!.DueAtUtc);
    }

    [Theory]
    // Monday 23:59:59 CST is still Monday: due Wednesday.
    [InlineData("2026-03-02T15:59:59Z", "2026-03-04")]
    // One second later it is Tuesday in China (still Monday in UTC): due Thursday.
    [InlineData("2026-03-02T16:00:00Z", "2026-03-05")]
    // Entered on a Saturday: Mon (1), Tue (2).
    [InlineData("2026-03-07T02:00:00Z", "2026-03-10")]
    // Friday before 清明 (4/4–4/6 off): Tue 4/7 (1), Wed 4/8 (2).
    [InlineData("2026-04-03T02:00:00Z", "2026-04-08")]
    // Wednesday 09-30 before 国庆 (10/1–10/7 off): Thu 10/8 (1), Fri 10/9 (2).
    [InlineData("2026-09-30T01:00:00Z", "2026-10-09")]
    // Friday 2026-10-09: the 调休 Saturday 10/10 counts (1), Mon 10/12 (2).
    [InlineData("2026-10-09T01:00:00Z", "2026-10-12")]
    public async Task Submit_EnteredAt_UnitReviewDueOnExpectedChinaDate(string enteredUtc, string dueChinaDate)
    {
        host.Clock.SetUtcNow(DateTimeOffset.Parse(enteredUtc, System.Globalization.CultureInfo.InvariantCulture));
        var (id, v) = await host.CreateDraftAsync();
        await host.MustFireAsync(id, v, T.Submit, "editor");

        var d = await OpenDeadlineAsync(id);

        var due = DateOnly.Parse(dueChinaDate, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Cst(due.Year, due.Month, due.Day, 23, 59, 59), d.DueAtUtc);
    }

    [Fact]
    public async Task Sweep_AcrossNationalDayHoliday_RemindsOnTheWorkingDayBeforeTheDueDate()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 30, 9, 0, 0, TimeSpan.FromHours(8)));
        var (id, v) = await host.CreateDraftAsync();
        await host.MustFireAsync(id, v, T.Submit, "editor");
        var d = await OpenDeadlineAsync(id);
        Assert.Equal(Cst(2026, 10, 9, 23, 59, 59), d.DueAtUtc);
        Assert.Equal(Cst(2026, 10, 8, 9, 0, 0), d.Reminders.Single(r => r.Level == ReminderLevel.Before).FireAtUtc);

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 8, 8, 59, 59, TimeSpan.FromHours(8)));
        Assert.Equal(0, await host.Sweep.RunAsync());
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 8, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(BeforeToUnitReviewers, await ReminderNotificationsAsync(id));
    }

    [Fact]
    public async Task Sweep_RunTwiceAtSameTime_SendsOneNotificationPerLevelPerRecipient()
    {
        var (id, _) = await host.DriveW1Async(S.UnitReview);

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 8, 59, 59, TimeSpan.FromHours(8)));
        Assert.Equal(0, await host.Sweep.RunAsync());
        Assert.Empty(await ReminderNotificationsAsync(id));

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(0, await host.Sweep.RunAsync());
        // Before goes to the owner unit's reviewers only: not reviewer2 (县财政局), not supreviewer (审批服务局).
        Assert.Equal(BeforeToUnitReviewers, await ReminderNotificationsAsync(id));

        // Due is Wed 23:59:59 CST; the escalation waits until it has passed.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 23, 59, 59, TimeSpan.FromHours(8)));
        Assert.Equal(0, await host.Sweep.RunAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(0, await host.Sweep.RunAsync());
        Assert.Equal([.. EscalationToSupervisors, .. BeforeToUnitReviewers], await ReminderNotificationsAsync(id));

        await using var db = host.NewDbContext();
        var reminders = await db.Reminders.Where(r => r.Deadline!.InstanceId == id).ToListAsync();
        Assert.All(reminders, r => Assert.Equal(ReminderStatus.Sent, r.Status));
        Assert.Equal(Cst(2026, 3, 5, 0, 0, 0), reminders.Single(r => r.Level == ReminderLevel.Escalation).SentAtUtc);
    }

    [Fact]
    public async Task Sweep_AfterDowntimeOfThirtyDays_SendsEveryMissedReminderExactlyOnce()
    {
        var unitReview = new List<long>();
        for (var i = 0; i < 3; i++) unitReview.Add((await host.DriveW1Async(S.UnitReview)).Id);
        var bureau = (await host.DriveW1Async(S.BureauReview)).Id;
        var (otherUnit, _) = await host.DriveW1Async(S.UnitReview, "editor2", "reviewer2");

        host.Clock.Advance(TimeSpan.FromDays(30));
        var sent = await host.Sweep.RunAsync();

        // 5 deadlines × (Before + Escalation).
        Assert.Equal(10, sent);
        foreach (var id in unitReview)
            Assert.Equal([.. EscalationToSupervisors, .. BeforeToUnitReviewers], await ReminderNotificationsAsync(id));
        // BureauReview waits for Supervisors of any unit: both levels go to them.
        Assert.Equal([.. EscalationToSupervisors, "reminder:supervisor", "reminder:supervisor2", "reminder:supreviewer"],
            await ReminderNotificationsAsync(bureau));
        Assert.Equal([.. EscalationToSupervisors, "reminder:reviewer2"], await ReminderNotificationsAsync(otherUnit));
        var total = await AllReminderNotificationsAsync();
        // Each 县教育局 item: 3 supervisors + 3 reviewers; the bureau item 6; the 县财政局 item 3 + 1.
        Assert.Equal(3 * 6 + 6 + 4, total);

        Assert.Equal(0, await host.Sweep.RunAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await host.Sweep.RunAsync());
        host.Clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(0, await host.Sweep.RunAsync());
        Assert.Equal(total, await AllReminderNotificationsAsync());
    }

    [Fact]
    public async Task Sweep_TwoRunsInParallel_SendEachReminderOnce()
    {
        var ids = new List<long>();
        for (var i = 0; i < 6; i++) ids.Add((await host.DriveW1Async(S.UnitReview)).Id);
        host.Clock.Advance(TimeSpan.FromDays(30));

        var sweeps = new[] { host.Sweep, host.Sweep, host.Sweep };
        var counts = await Task.WhenAll(sweeps.Select(s => Task.Run(() => s.RunAsync())));

        Assert.Equal(12, counts.Sum());
        foreach (var id in ids)
            Assert.Equal([.. EscalationToSupervisors, .. BeforeToUnitReviewers], await ReminderNotificationsAsync(id));
        Assert.Equal(6 * 6, await AllReminderNotificationsAsync());
        Assert.Equal(0, await host.Sweep.RunAsync());
    }

    [Fact]
    public async Task Transition_LeavingState_ClosesDeadlineAndCancelsPendingReminders()
    {
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        var unitReviewDeadline = await OpenDeadlineAsync(id);

        host.Clock.Advance(TimeSpan.FromHours(2));
        v = await host.MustFireAsync(id, v, T.UnitApprove, "reviewer");

        await using (var db = host.NewDbContext())
        {
            var closed = await db.Deadlines.Include(d => d.Reminders).SingleAsync(d => d.Id == unitReviewDeadline.Id);
            Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, closed.ClosedAtUtc);
            Assert.All(closed.Reminders, r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        }
        var bureau = await OpenDeadlineAsync(id);
        Assert.Equal(S.BureauReview, bureau.State);
        Assert.Equal(Roles.Supervisor, bureau.ResponsibleRole);
        Assert.Null(bureau.ResponsibleUnitId);
        // 5 working days from Mon 03-02: Mon 03-09.
        Assert.Equal(Cst(2026, 3, 9, 23, 59, 59), bureau.DueAtUtc);

        await host.MustFireAsync(id, v, T.Withdraw, "editor");
        Assert.Null(await host.OpenDeadlineAsync(id));

        host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await host.Sweep.RunAsync());
        Assert.Empty(await ReminderNotificationsAsync(id));
        await using var db2 = host.NewDbContext();
        Assert.All(await db2.Reminders.Where(r => r.Deadline!.InstanceId == id).ToListAsync(),
            r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
    }

    [Fact]
    public async Task Transition_ReturnedAndResubmitted_OpensFreshDeadlineFromResubmission()
    {
        var (id, v) = await host.DriveW1Async(S.UnitReview);
        v = await host.MustFireAsync(id, v, T.UnitReturn, "reviewer", "请补充");
        Assert.Null(await host.OpenDeadlineAsync(id)); // Returned carries no deadline

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.FromHours(8))); // Thursday
        await host.MustFireAsync(id, v, T.Submit, "editor");
        var d = await OpenDeadlineAsync(id);
        Assert.Equal(Cst(2026, 3, 9, 23, 59, 59), d.DueAtUtc); // Fri (1), Mon (2)

        // Only the new entry's reminders fire: the first entry's were cancelled.
        host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(2, await host.Sweep.RunAsync());
        Assert.Equal([.. EscalationToSupervisors, .. BeforeToUnitReviewers], await ReminderNotificationsAsync(id));
    }

    [Fact]
    public async Task SettingsSetAsync_UnitReviewWorkingDays_AppliesToNewEntriesOnly()
    {
        var (earlier, _) = await host.DriveW1Async(S.UnitReview);

        await host.Settings.SetAsync(W1.SettingKeys.UnitReviewDays, "4", "admin");
        var (later, _) = await host.DriveW1Async(S.UnitReview);

        Assert.Equal(Cst(2026, 3, 4, 23, 59, 59), (await OpenDeadlineAsync(earlier)).DueAtUtc);
        var d = await OpenDeadlineAsync(later);
        Assert.Equal(Cst(2026, 3, 6, 23, 59, 59), d.DueAtUtc); // Mon + 4 working days = Fri
        Assert.Equal(Cst(2026, 3, 5, 9, 0, 0), d.Reminders.Single(r => r.Level == ReminderLevel.Before).FireAtUtc);
        await using var db = host.NewDbContext();
        Assert.Equal("4", (await db.Settings.SingleAsync(s => s.Key == W1.SettingKeys.UnitReviewDays)).Value);
    }

    [Fact]
    public async Task Submit_OneWorkingDayDeadline_SkipsBeforeReminderThatWouldBeInThePast()
    {
        await host.Settings.SetAsync(W1.SettingKeys.UnitReviewDays, "1", "admin");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        var (id, _) = await host.DriveW1Async(S.UnitReview);

        var d = await OpenDeadlineAsync(id);

        Assert.Equal(Cst(2026, 3, 3, 23, 59, 59), d.DueAtUtc);
        // The working day before the due date is today, 09:00 already passed: only the escalation remains.
        Assert.Equal([ReminderLevel.Escalation], d.Reminders.Select(r => r.Level));
    }
}
