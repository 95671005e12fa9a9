using System.Data.Common;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Registers;

/// <summary>
/// The daily column sweep on a real database under a fake clock (第13条): a column crosses its window day by day; 预警
/// notifies A岗/B岗 once; 超期 and 空白 are lapses counted once however often the sweep runs; an update brings the column
/// back to 正常. Each test has its own database; the clock starts Monday 2026-03-02 09:00 China time, when the column is
/// created and its first update recorded (on the day the test creates it).
/// </summary>
public sealed class ColumnStalenessSweepTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;
    private readonly HoldAfterWatchedRead _hold = new();

    public async Task InitializeAsync() =>
        host = await WorkflowTestHost.CreateAsync(s => s.AddDbInterceptor(_hold));

    public Task DisposeAsync() => host.DisposeAsync();

    private ColumnStalenessSweep Sweep => host.Get<ColumnStalenessSweep>();

    /// <summary>Moves the clock to 09:00 China time on that date (UTC 01:00).</summary>
    private void On(int y, int m, int d) => host.Clock.SetUtcNow(new DateTimeOffset(y, m, d, 1, 0, 0, TimeSpan.Zero));

    private async Task<int> CreateAsync(string category, bool accounts = true, bool recordUpdate = true, int? cadence = null)
    {
        var form = new ColumnForm
        {
            Name = "巡检栏目" + Guid.NewGuid().ToString("N")[..6], UnitId = await host.UnitIdAsync("县教育局"), Category = category,
            ResponsiblePerson = "王主任", StaffA = "张信息", StaffB = "李审核", CommittedCadenceDays = cadence,
            StaffAUserId = accounts ? await host.UserIdAsync("editor") : null, StaffBUserId = accounts ? await host.UserIdAsync("reviewer") : null,
        };
        var r = await host.Columns.CreateAsync(await host.ActorAsync("monitor"), form);
        Assert.True(r.Succeeded, r.Message);
        if (recordUpdate)
        {
            var u = await host.Columns.RecordUpdateAsync(await host.ActorAsync("editor"), r.ColumnId!.Value,
                new ColumnUpdateForm { Date = Governance.Workflows.Calendar.ChinaTime.Date(host.Clock.GetUtcNow().UtcDateTime), Url = "https://www.fufeng.gov.cn/jyj/a.html" });
            Assert.True(u.Succeeded, u.Message);
        }
        return r.ColumnId!.Value;
    }

    private async Task<Column> ColumnAsync(int id)
    {
        await using var db = host.NewDbContext();
        return await db.Columns.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>The user names notified about this column, sorted.</summary>
    private async Task<List<string>> NotifiedAsync(int id)
    {
        await using var db = host.NewDbContext();
        var link = ColumnStalenessSweep.Link(id);
        return await (from n in db.Notifications
                      where n.Link == link
                      join u in db.Users on n.UserId equals u.Id
                      orderby u.UserName
                      select u.UserName!).ToListAsync();
    }

    /// <summary>The column's W4 findings as "SourceRef category source handling-unit state", oldest first.</summary>
    private async Task<List<string>> FindingsAsync(int id)
    {
        await using var db = host.NewDbContext();
        return await (from f in db.Findings
                      where f.ColumnId == id
                      join i in db.WorkflowInstances on f.InstanceId equals i.Id
                      orderby i.Id
                      select f.SourceRef + " " + f.Category + " " + f.Source + " " + i.HandlingUnit!.Name + " " + i.State).ToListAsync();
    }

    [Fact]
    public async Task Sweep_NewsColumn_NormalThenWarningThenOverdue_AtDays12And15_EachOnceAcrossRepeatedSweeps()
    {
        var id = await CreateAsync("动态要闻");

        On(2026, 3, 13); // day 11
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Normal, (await ColumnAsync(id)).Status);
        Assert.Empty(await NotifiedAsync(id));

        On(2026, 3, 14); // day 12: past 80% of 14
        await Sweep.RunAsync();
        await Sweep.RunAsync();
        var warned = await ColumnAsync(id);
        Assert.Equal((ColumnStatus.Warning, 0), (warned.Status, warned.LapseCount));
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, warned.StatusChangedAtUtc);
        // A岗 and B岗 by their accounts, once, however often the sweep runs.
        Assert.Equal(["editor", "reviewer"], await NotifiedAsync(id));
        await using (var db = host.NewDbContext())
        {
            var n = await db.Notifications.Where(x => x.Link == ColumnStalenessSweep.Link(id)).Select(x => x.Title).FirstAsync();
            Assert.Equal($"栏目更新预警：“{warned.Path}”已 12 天未更新，请于 2026-03-16 前更新", n);
        }

        On(2026, 3, 16); // day 14: still within two weeks
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Warning, (await ColumnAsync(id)).Status);

        On(2026, 3, 17); // day 15: more than two weeks
        for (var i = 0; i < 3; i++) await Sweep.RunAsync();
        var lapsed = await ColumnAsync(id);
        Assert.Equal((ColumnStatus.Overdue, 1), (lapsed.Status, lapsed.LapseCount));
        On(2026, 4, 30);
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Overdue, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
        Assert.Equal(["editor", "reviewer"], await NotifiedAsync(id));
        // One W4 finding for the lapse, against 县教育局, issued (已下发), however often the sweep ran.
        Assert.Equal([$"column:{id}:lapse:1 信息不更新 系统巡检 县教育局 Issued"], await FindingsAsync(id));
        await using var check = host.NewDbContext();
        var audit = await check.AuditEntries.Where(a => a.Kind == "column.status" && a.Detail.Contains(lapsed.Path)).OrderBy(a => a.Id)
            .Select(a => a.UserName + "：" + a.Detail).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.EndsWith("正常 → 预警（12 天未更新，更新周期 14 天）", audit[0], StringComparison.Ordinal);
        Assert.EndsWith("预警 → 超期（15 天未更新，更新周期 14 天，第 1 次）", audit[1], StringComparison.Ordinal);
        Assert.StartsWith("系统（栏目巡检）：", audit[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_NoticeColumn_WarningFromDay147_OverdueFromDay184()
    {
        var id = await CreateAsync("通知公告");

        On(2026, 7, 26); // day 146
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Normal, (await ColumnAsync(id)).Status);
        On(2026, 7, 27); // day 147
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Warning, (await ColumnAsync(id)).Status);
        On(2026, 9, 1); // day 183
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Warning, (await ColumnAsync(id)).Status);
        On(2026, 9, 2); // day 184
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Overdue, (await ColumnAsync(id)).Status);
    }

    [Fact]
    public async Task Sweep_PlanColumn_WarningFromDay293_OverdueFromDay366()
    {
        var id = await CreateAsync("规划计划");

        On(2026, 12, 19); // day 292
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Normal, (await ColumnAsync(id)).Status);
        On(2026, 12, 20); // day 293
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Warning, (await ColumnAsync(id)).Status);
        On(2027, 3, 2); // day 365
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Warning, (await ColumnAsync(id)).Status);
        On(2027, 3, 3); // day 366
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Overdue, (await ColumnAsync(id)).Status);
    }

    [Fact]
    public async Task Sweep_WarningWithoutStaffAccounts_NotifiesTheUnitsEditors()
    {
        var id = await CreateAsync("动态要闻", accounts: false);

        On(2026, 3, 14);
        await Sweep.RunAsync();

        // 县教育局's Editors: editor and reviewer3 (who is Editor and UnitReviewer).
        Assert.Equal(["editor", "reviewer3"], await NotifiedAsync(id));
    }

    [Fact]
    public async Task Sweep_UpdateAfterLapse_BackToNormal_AndALaterLapseIsTheSecond()
    {
        var id = await CreateAsync("动态要闻");
        On(2026, 3, 17);
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Overdue, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));

        // The unit records an update: 正常 at once, before any sweep.
        On(2026, 3, 20);
        var r = await host.Columns.RecordUpdateAsync(await host.ActorAsync("reviewer"), id,
            new ColumnUpdateForm { Date = new DateOnly(2026, 3, 20), Url = "https://www.fufeng.gov.cn/jyj/b.html" });
        Assert.True(r.Succeeded, r.Message);
        Assert.Equal(ColumnStatus.Normal, (await ColumnAsync(id)).Status);
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Normal, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));

        // 2026-03-20 + 15 days = 04-04: the next lapse, the second.
        On(2026, 4, 4);
        await Sweep.RunAsync();
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Overdue, 2), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
        Assert.Equal([$"column:{id}:lapse:1 信息不更新 系统巡检 县教育局 Issued", $"column:{id}:lapse:2 信息不更新 系统巡检 县教育局 Issued"],
            await FindingsAsync(id));
        // The second lapse within 90 days of the first is a repeat (W4).
        await using var db = host.NewDbContext();
        Assert.True(await db.Findings.Where(f => f.SourceRef == $"column:{id}:lapse:2").Select(f => f.IsRepeat).SingleAsync());
    }

    [Fact]
    public async Task RecordUpdate_BackdatedStillPastTheWindow_KeepsTheLapseItIsIn()
    {
        var id = await CreateAsync("动态要闻");
        On(2026, 3, 20); // day 18
        await Sweep.RunAsync();

        // An update of 03-04 leaves the column 16 days without an update: still 超期, the same lapse.
        await host.Columns.RecordUpdateAsync(await host.ActorAsync("editor"), id,
            new ColumnUpdateForm { Date = new DateOnly(2026, 3, 4), Url = "https://www.fufeng.gov.cn/jyj/c.html" });
        await Sweep.RunAsync();

        Assert.Equal((ColumnStatus.Overdue, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
    }

    [Fact]
    public async Task Sweep_NeverUpdated_BlankAfterTheGrace_ALapse()
    {
        var id = await CreateAsync("通知公告", recordUpdate: false);

        On(2026, 3, 16); // 14 days since creation
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Normal, (await ColumnAsync(id)).Status);
        On(2026, 3, 17);
        await Sweep.RunAsync();
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Blank, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
        Assert.Equal([$"column:{id}:lapse:1 空白栏目 系统巡检 县教育局 Issued"], await FindingsAsync(id));
        // It is in the unit's 工作台 (its Editors and UnitReviewers act on an issued finding).
        var inbox = await host.Inbox.ForAsync(await host.ActorAsync("editor"));
        var title = "空白栏目：" + (await ColumnAsync(id)).Path;
        Assert.Contains(inbox, i => i.Title == title);
    }

    [Fact]
    public async Task Sweep_SuspendedClosedInteractionAndNavigation_AreNotWatched()
    {
        var suspended = await CreateAsync("动态要闻");
        var closed = await CreateAsync("动态要闻");
        var interaction = await CreateAsync("互动交流", recordUpdate: false);
        var monitor = await host.ActorAsync("monitor");
        Assert.True((await host.Columns.SuspendAsync(monitor, suspended, (await ColumnAsync(suspended)).Version, "栏目改版")).Succeeded);
        Assert.True((await host.Columns.CloseAsync(monitor, closed, (await ColumnAsync(closed)).Version, "栏目撤并")).Succeeded);

        On(2026, 6, 1);
        await Sweep.RunAsync();

        foreach (var id in new[] { suspended, closed, interaction })
        {
            Assert.Equal((ColumnStatus.Normal, 0), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
            Assert.Empty(await FindingsAsync(id));
        }
        // Resumed, the suspended column is watched again from its last update: long past its window, a lapse.
        Assert.True((await host.Columns.ResumeAsync(monitor, suspended, (await ColumnAsync(suspended)).Version)).Succeeded);
        await Sweep.RunAsync();
        Assert.Equal((ColumnStatus.Overdue, 1), ((await ColumnAsync(suspended)).Status, (await ColumnAsync(suspended)).LapseCount));
    }

    [Fact]
    public async Task Sweep_WindowSettingsChanged_ColumnsFollowTheNewWindow()
    {
        var id = await CreateAsync("动态要闻");
        On(2026, 3, 17);
        await Sweep.RunAsync();
        Assert.Equal(ColumnStatus.Overdue, (await ColumnAsync(id)).Status);

        // Admin widens 动态要闻 to 30 days: day 15 of 30 is 正常 again; refused for anyone else.
        Assert.NotNull(await host.Settings.SetIntAsync(await host.ActorAsync("monitor"), RegisterSettings.News.SettingKey, 30, 1, 730));
        Assert.Null(await host.Settings.SetIntAsync(await host.ActorAsync("admin"), RegisterSettings.News.SettingKey, 30, 1, 730));
        await Sweep.RunAsync();

        Assert.Equal((ColumnStatus.Normal, 1), ((await ColumnAsync(id)).Status, (await ColumnAsync(id)).LapseCount));
        Assert.Equal(30, (await host.Columns.GetAsync(await host.ActorAsync("monitor"), id))!.Row.Staleness.WindowDays);
    }

    [Fact]
    public async Task Sweep_StoppedBetweenTheLapseAndItsFinding_NextRunOpensIt_OnceOnly()
    {
        var id = await CreateAsync("动态要闻");
        // As a sweep that crashed after committing the lapse and before raising its finding would leave it (day 15).
        await using (var db = host.NewDbContext())
            await db.Columns.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ColumnStatus.Overdue).SetProperty(c => c.LapseCount, 1));
        Assert.Empty(await FindingsAsync(id));

        On(2026, 3, 17);
        var first = await Sweep.RunAsync();
        var second = await Sweep.RunAsync();

        Assert.Equal([$"column:{id}:lapse:1 信息不更新 系统巡检 县教育局 Issued"], await FindingsAsync(id));
        Assert.True(first.FindingsOpened >= 1);
        Assert.Equal(0, second.FindingsOpened);
    }

    [Fact]
    public async Task Sweep_TwoRunsBothReadTheWatchedColumns_ThenBothMove_OneLapseOneFindingOneWarning()
    {
        var overdue = await CreateAsync("动态要闻");
        On(2026, 3, 5);
        var warning = await CreateAsync("动态要闻");
        On(2026, 3, 17); // overdue: day 15 since 03-02; warning: day 12 since 03-05

        // Each sweep is held right after its read of the watched columns until the other has read them too: both see both
        // columns still 正常 and both go on to move them.
        _hold.Arm(2, TimeSpan.FromSeconds(60));
        await Task.WhenAll(Task.Run(() => host.Get<ColumnStalenessSweep>().RunAsync()),
            Task.Run(() => host.Get<ColumnStalenessSweep>().RunAsync()));

        Assert.Equal(2, _hold.Held);
        Assert.Equal((ColumnStatus.Overdue, 1), ((await ColumnAsync(overdue)).Status, (await ColumnAsync(overdue)).LapseCount));
        Assert.Equal([$"column:{overdue}:lapse:1 信息不更新 系统巡检 县教育局 Issued"], await FindingsAsync(overdue));
        Assert.Equal((ColumnStatus.Warning, 0), ((await ColumnAsync(warning)).Status, (await ColumnAsync(warning)).LapseCount));
        Assert.Equal(["editor", "reviewer"], await NotifiedAsync(warning));
        await using var db = host.NewDbContext();
        var path = (await ColumnAsync(overdue)).Path;
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Kind == "column.status" && a.Detail.Contains(path)));
    }

    /// <summary>
    /// Holds the sweep's read of the watched columns (its tagged query) once every row has been read, until <c>parties</c>
    /// such reads have finished: each sweep has the whole list in hand before either moves a column.
    /// </summary>
    private sealed class HoldAfterWatchedRead : DbCommandInterceptor
    {
        private Barrier? _barrier;
        private TimeSpan _patience;
        private int _remaining;
        public int Held;

        public void Arm(int parties, TimeSpan patience)
        {
            _barrier = new Barrier(parties);
            _patience = patience;
            _remaining = parties;
        }

        public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData,
            InterceptionResult result)
        {
            if (_barrier is { } barrier && command.CommandText.Contains(ColumnStalenessSweep.WatchedQueryTag, StringComparison.Ordinal)
                && Interlocked.Decrement(ref _remaining) >= 0)
            {
                Interlocked.Increment(ref Held);
                await Task.Run(() =>
                {
                    if (!barrier.SignalAndWait(_patience)) throw new TimeoutException("the other sweep never read");
                });
            }
            return result;
        }
    }
}
