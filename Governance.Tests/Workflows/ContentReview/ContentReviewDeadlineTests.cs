using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.S;
using T = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.T;

namespace Governance.Tests.Workflows.ContentReview;

/// <summary>
/// W2's deadlines: 单位审核, 保密审查 and 待发布 each get 1 working day, with reminders at three levels — Before (09:00 on the
/// working day before the due day), DueDay (09:00 on the due day) to the responsible role in the owner unit, and Escalation
/// (right after the deadline) to the Supervisors. Dates worked out by hand on the 2026 calendar: Tue 03-03, Wed 03-04 and
/// Thu 03-05 are ordinary working days; Fri 2026-04-03 is followed by 清明 (04-04..04-06).
/// </summary>
public sealed class ContentReviewDeadlineTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() => host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static DateTime Cst(int y, int mo, int d, int h, int mi, int s) =>
        new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(8)).UtcDateTime;

    private async Task<Deadline> OpenDeadlineAsync(long id)
    {
        await using var db = host.NewDbContext();
        return await db.Deadlines.AsNoTracking().Include(d => d.Reminders).SingleAsync(d => d.InstanceId == id && d.ClosedAtUtc == null);
    }

    private async Task<List<string>> ReminderNotificationsAsync(long id)
    {
        await using var db = host.NewDbContext();
        return await (from n in db.Notifications
                      where n.InstanceId == id && n.DedupKey.StartsWith("r:")
                      join u in db.Users on n.UserId equals u.Id
                      orderby n.Kind, u.UserName
                      select n.Kind + ":" + u.UserName).ToListAsync();
    }

    private static readonly string[] Supervisors = ["escalation:supervisor", "escalation:supervisor2", "escalation:supreviewer"];

    [Fact]
    public async Task UnitReview_OneWorkingDay_BeforeDueDayAndEscalation_EachSentOnceToTheRightPeople()
    {
        // Tue 2026-03-03 08:00 China time: the Before reminder (Tue 09:00) still lies ahead.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8)));
        var (id, _) = await host.DriveW2Async(S.UnitReview);

        var d = await OpenDeadlineAsync(id);
        Assert.Equal((S.UnitReview, Roles.UnitReviewer, (int?)await host.UnitIdAsync("县教育局")), (d.State, d.ResponsibleRole, d.ResponsibleUnitId));
        Assert.Equal(Cst(2026, 3, 4, 23, 59, 59), d.DueAtUtc);
        Assert.Equal(
        [
            (ReminderLevel.Before, Cst(2026, 3, 3, 9, 0, 0), "UnitReviewer"),
            (ReminderLevel.Due, Cst(2026, 3, 4, 9, 0, 0), "UnitReviewer"),
            (ReminderLevel.Escalation, Cst(2026, 3, 5, 0, 0, 0), "Supervisor"),
        ], d.Reminders.OrderBy(r => r.FireAtUtc).Select(r => (r.Level, r.FireAtUtc, r.NotifyRoles)));

        // Tue 09:00: the unit's reviewers are reminded, nothing else yet.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(["reminder:reviewer", "reminder:reviewer3", "reminder:secrecy"], await ReminderNotificationsAsync(id));

        // Wed 09:00: due today.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(0, await host.Sweep.RunAsync());
        Assert.Equal(["reminder:reviewer", "reminder:reviewer3", "reminder:secrecy", "warning:reviewer", "warning:reviewer3", "warning:secrecy"],
            await ReminderNotificationsAsync(id));

        // Wed 23:59:59 is still in time; Thu 00:00 escalates to the Supervisors (county-wide), not to another unit.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 23, 59, 59, TimeSpan.FromHours(8)));
        Assert.Equal(0, await host.Sweep.RunAsync());
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await host.Sweep.RunAsync());
        Assert.Equal(
        [
            .. Supervisors, "reminder:reviewer", "reminder:reviewer3", "reminder:secrecy", "warning:reviewer", "warning:reviewer3", "warning:secrecy",
        ], await ReminderNotificationsAsync(id));
        await using var db = host.NewDbContext();
        var titles = await db.Notifications.Where(n => n.InstanceId == id && n.DedupKey.StartsWith("r:")).Select(n => n.Kind + "|" + n.Title).Distinct()
            .ToListAsync();
        var title = (await host.InstanceAsync(id)).Title;
        Assert.Contains($"warning|今日到期：信息发布审核「{title}」单位审核今日 24 时前须办结", titles);
        Assert.Contains($"escalation|超期督办：信息发布审核「{title}」单位审核已超期（单位审核人）", titles);
    }

    [Fact]
    public async Task SecrecyReviewAndReadyToPublish_EachOpenTheirOwnOneDayDeadline_ForTheRightRole()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8)));
        var (id, v) = await host.DriveW2Async(S.UnitReview);
        v = await host.MustFireAsync(id, v, T.UnitApprove, "reviewer", fields: ContentReviewDriver.FiveChecks());
        var secrecy = await OpenDeadlineAsync(id);
        Assert.Equal((S.SecrecyReview, Roles.UnitReviewer, Cst(2026, 3, 4, 23, 59, 59)), (secrecy.State, secrecy.ResponsibleRole, secrecy.DueAtUtc));
        Assert.Equal(3, secrecy.Reminders.Count);

        // Entered Wed 10:00: due Thu; the Before reminder (Wed 09:00) already passed and is not planned.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(8)));
        await host.MustFireAsync(id, v, T.SecrecyApprove, "secrecy", fields: ContentReviewDriver.Statement());
        var publish = await OpenDeadlineAsync(id);
        Assert.Equal((S.ReadyToPublish, Roles.Publisher, Cst(2026, 3, 5, 23, 59, 59)), (publish.State, publish.ResponsibleRole, publish.DueAtUtc));
        Assert.Equal([ReminderLevel.Due, ReminderLevel.Escalation], publish.Reminders.OrderBy(r => r.FireAtUtc).Select(r => r.Level));
        // The secrecy step's reminders were cancelled on leaving it.
        await using (var db = host.NewDbContext())
            Assert.All(await db.Reminders.Where(r => r.DeadlineId == secrecy.Id).ToListAsync(), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(2, await host.Sweep.RunAsync());
        // 县教育局's publisher only — not publisher2 of 县财政局.
        Assert.Equal([.. Supervisors, "warning:publisher"], await ReminderNotificationsAsync(id));
    }

    [Fact]
    public async Task UnitReview_SubmittedBeforeQingming_DueOnTheNextWorkingDayAfterTheHoliday()
    {
        // Fri 2026-04-03 08:00: 04-04..04-06 清明 (Sat–Mon off) — the one working day is Tue 04-07.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 3, 8, 0, 0, TimeSpan.FromHours(8)));
        var (id, _) = await host.DriveW2Async(S.UnitReview);
        var d = await OpenDeadlineAsync(id);
        Assert.Equal(Cst(2026, 4, 7, 23, 59, 59), d.DueAtUtc);
        Assert.Equal(
        [
            (ReminderLevel.Before, Cst(2026, 4, 3, 9, 0, 0)),
            (ReminderLevel.Due, Cst(2026, 4, 7, 9, 0, 0)),
            (ReminderLevel.Escalation, Cst(2026, 4, 8, 0, 0, 0)),
        ], d.Reminders.OrderBy(r => r.FireAtUtc).Select(r => (r.Level, r.FireAtUtc)));
    }

    [Theory]
    [InlineData(T.UnitReturn)]
    [InlineData(T.UnitApprove)]
    public async Task LeavingUnitReview_CancelsItsPendingReminders(string trigger)
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(8)));
        var (id, v) = await host.DriveW2Async(S.UnitReview);
        var first = await OpenDeadlineAsync(id);
        await host.MustFireAsync(id, v, trigger, "reviewer", trigger == T.UnitReturn ? "请补充" : null,
            trigger == T.UnitApprove ? ContentReviewDriver.FiveChecks() : null);
        await using var db = host.NewDbContext();
        Assert.All(await db.Reminders.Where(r => r.DeadlineId == first.Id).ToListAsync(), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.FromHours(8)));
        await host.Sweep.RunAsync();
        // Nothing of the first entry's reminders ever goes out.
        var firstIds = first.Reminders.Select(r => "r:" + r.Id + ":").ToList();
        var keys = await db.Notifications.Where(n => n.InstanceId == id).Select(n => n.DedupKey).ToListAsync();
        Assert.DoesNotContain(keys, k => firstIds.Any(p => k.StartsWith(p, StringComparison.Ordinal)));
    }
}
