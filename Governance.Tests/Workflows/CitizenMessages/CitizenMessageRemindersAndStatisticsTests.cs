using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;

namespace Governance.Tests.Workflows.CitizenMessages;

/// <summary>
/// W3 chasing through the sweep (each level exactly once, across repeated sweeps and downtime, moved by an extension) and
/// the statistics of 第19条(五), checked against figures worked out by hand.
/// </summary>
public sealed class CitizenMessageRemindersAndStatisticsTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset China(int m, int d, int h, int min = 0) => new(2026, m, d, h, min, 0, TimeSpan.FromHours(8));

    private async Task<List<string>> RemindersAsync(long id)
    {
        await using var db = _host.NewDbContext();
        return await (from n in db.Notifications
                      where n.InstanceId == id && n.DedupKey.StartsWith("r:")
                      join u in db.Users on n.UserId equals u.Id
                      orderby n.Kind, u.UserName
                      select n.Kind + ":" + u.UserName).ToListAsync();
    }

    private static readonly string[] UnitStaff = ["editor", "reviewer", "reviewer3", "secrecy"];
    private static readonly string[] Escalated = ["accountability", "supervisor", "supervisor2", "supreviewer"];

    [Fact]
    public async Task Sweep_ReplyDeadline_BeforeDueAndEscalationEachOnce_AcrossSweepsAndDowntime()
    {
        // Assigned Mon 2 Mar 10:00 → due Fri 6 Mar 23:59:59.
        _host.Clock.SetUtcNow(China(3, 2, 9, 30));
        var (id, v) = await _host.ReceiveMessageAsync();
        _host.Clock.SetUtcNow(China(3, 2, 10));
        await _host.AssignAsync(id, v);
        Assert.Equal(0, await _host.Sweep.RunAsync());

        // Thu 5 Mar 08:59: nothing yet; 09:00: the working day before → the unit's Editors and UnitReviewers.
        _host.Clock.SetUtcNow(China(3, 5, 8, 59));
        await _host.Sweep.RunAsync();
        Assert.Empty(await RemindersAsync(id));
        _host.Clock.SetUtcNow(China(3, 5, 9));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        Assert.Equal(UnitStaff.Select(u => "reminder:" + u), await RemindersAsync(id));

        // The server is down from Thu to the next Wednesday: the due-day warning and the escalation both go out once.
        _host.Clock.SetUtcNow(China(3, 11, 8));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        var expected = Escalated.Select(u => "escalation:" + u).Concat(UnitStaff.Select(u => "reminder:" + u))
            .Concat(UnitStaff.Select(u => "warning:" + u)).Order().ToList();
        Assert.Equal(expected, (await RemindersAsync(id)).Order());
        _host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await _host.Sweep.RunAsync());
    }

    [Fact]
    public async Task Sweep_AfterAnExtension_RemindsAgainForTheNewDueDateOnce()
    {
        _host.Clock.SetUtcNow(China(3, 2, 10));
        var (id, v) = await _host.ReceiveMessageAsync();
        v = await _host.AssignAsync(id, v);
        _host.Clock.SetUtcNow(China(3, 5, 9));
        await _host.Sweep.RunAsync(); // the "before" reminder for Fri 6 Mar
        v = await _host.MustFireAsync(id, v, T.RequestExtension, "editor", "需会同财政局核实", new Dictionary<string, string?> { ["days"] = "2" });
        await _host.MustFireAsync(id, v, T.ApproveExtension, "monitor", null, new Dictionary<string, string?> { ["days"] = "2" });
        // New due: Tue 10 Mar; before-reminder Mon 9 Mar 09:00; nothing on Fri 6 Mar any more.
        _host.Clock.SetUtcNow(China(3, 7, 12));
        await _host.Sweep.RunAsync();
        Assert.Equal(UnitStaff.Length, (await RemindersAsync(id)).Count);
        _host.Clock.SetUtcNow(China(3, 9, 9));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        Assert.Equal(UnitStaff.Select(u => "reminder:" + u).Concat(UnitStaff.Select(u => "reminder:" + u)).Order(), (await RemindersAsync(id)).Order());
    }

    /// <summary>
    /// Four messages received in March 2026, worked out by hand:
    /// A: 县教育局, assigned 2 Mar, replied 5 Mar (3 working days, on time).
    /// B: 县教育局, assigned 2 Mar, replied 9 Mar (5 working days; due 6 Mar → late), extended? no.
    /// C: returned by 县财政局 on 3 Mar, reassigned to 县教育局 4 Mar, still open on 11 Mar (due 10 Mar → overdue).
    /// D: set aside as invalid.
    /// 县教育局: received 3, assigned 3, replied 2, on time 1, overdue open 1, replied late 1, returned 0, invalid 0,
    /// average working days to reply (3 + 5) / 2 = 4, on-time rate 50%. 县财政局: returned 1. 未分办: D (invalid 1).
    /// </summary>
    [Fact]
    public async Task Statistics_March_ByUnit_MatchHandWorkedFigures()
    {
        _host.Clock.SetUtcNow(China(3, 2, 9));
        var a = await _host.ReceiveMessageAsync();
        var b = await _host.ReceiveMessageAsync();
        var c = await _host.ReceiveMessageAsync();
        var d = await _host.ReceiveMessageAsync();
        _host.Clock.SetUtcNow(China(3, 2, 10));
        var va = await _host.AssignAsync(a.Id, a.Version);
        var vb = await _host.AssignAsync(b.Id, b.Version);
        var vc = await _host.AssignAsync(c.Id, c.Version, "县财政局");
        await _host.MustFireAsync(d.Id, d.Version, T.MarkInvalid, "monitor", "重复留言");

        async Task<int> Reply(long id, int v)
        {
            v = await _host.MustFireAsync(id, v, T.Accept, "editor");
            v = await _host.SaveReplyAsync(id, v, "您好，已按规定办理。");
            v = await _host.MustFireAsync(id, v, T.SubmitReply, "editor");
            return await _host.MustFireAsync(id, v, T.ApproveReply, "reviewer");
        }
        _host.Clock.SetUtcNow(China(3, 3, 10));
        vc = await _host.MustFireAsync(c.Id, vc, T.Return, "editor2", "应由教育局答复");
        _host.Clock.SetUtcNow(China(3, 4, 10));
        await _host.AssignAsync(c.Id, vc);
        _host.Clock.SetUtcNow(China(3, 5, 15));
        await Reply(a.Id, va);
        _host.Clock.SetUtcNow(China(3, 9, 15));
        await Reply(b.Id, vb);
        _host.Clock.SetUtcNow(China(3, 11, 9));

        var report = await _host.Get<MessageStatistics>().ComputeAsync(await _host.ActorAsync("monitor"), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

        Assert.NotNull(report);
        var edu = Assert.Single(report.Units, u => u.UnitName == "县教育局");
        Assert.Equal((3, 3, 2, 1, 1, 1, 0, 0, 0), (edu.Received, edu.Assigned, edu.Replied, edu.RepliedOnTime, edu.OverdueOpen, edu.RepliedLate,
            edu.Returned, edu.Extended, edu.Invalid));
        Assert.Equal(4.0, edu.AverageWorkingDaysToReply);
        Assert.Equal(0.5, edu.OnTimeRate);
        Assert.Equal(1, Assert.Single(report.Units, u => u.UnitName == "县财政局").Returned);
        var unassigned = Assert.Single(report.Units, u => u.UnitName == MessageStatistics.Unassigned);
        Assert.Equal((1, 1), (unassigned.Received, unassigned.Invalid));
        Assert.Equal((4, 3, 2, 1, 1, 1), (report.Total.Received, report.Total.Assigned, report.Total.Replied, report.Total.Returned,
            report.Total.Invalid, report.Total.OverdueOpen));

        // A unit's own users do not get the county figures; February is empty.
        Assert.Null(await _host.Get<MessageStatistics>().ComputeAsync(await _host.ActorAsync("editor"), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
        var february = await _host.Get<MessageStatistics>().ComputeAsync(await _host.ActorAsync("observer"), new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));
        Assert.Equal(0, february!.Total.Received);
    }
}
