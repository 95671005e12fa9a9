using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Attachments;
using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Definitions.Duties.DutyWorkflow;

namespace Governance.Tests.Workflows.Duties;

/// <summary>
/// The regulation's recurring duties (第15条(一) 每月安全自查, 第16条 域名年度自查, 第19条(六) 年度培训) as tasks created once
/// per period, completed with their checklist and evidence, chased when overdue; and the daily digest of each user's work.
/// 2026-03-02 is a Monday, the first working day of March; January 2026's first working day is Sun 4 Jan (调休).
/// </summary>
public sealed class RecurringDutyTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(8)));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset China(int m, int d, int h, int min = 0) => new(2026, m, d, h, min, 0, TimeSpan.FromHours(8));
    private DutyScheduler Scheduler => _host.Get<DutyScheduler>();

    private async Task<List<string>> PeriodKeysAsync()
    {
        await using var db = _host.NewDbContext();
        return await db.DutyTasks.OrderBy(t => t.PeriodKey).Select(t => t.PeriodKey).ToListAsync();
    }

    private async Task<long> TaskIdAsync(string periodKey)
    {
        await using var db = _host.NewDbContext();
        return await db.DutyTasks.Where(t => t.PeriodKey == periodKey).Select(t => t.InstanceId).SingleAsync();
    }

    [Fact]
    public async Task Scheduler_EachDutyOncePerPeriod_FromItsFirstWorkingDay_AcrossRepeatedAndConcurrentRuns()
    {
        // Sun 1 Mar: the year's 域名自查 is due (since 4 Jan); March's 安全自查 not before Mon 2 Mar; 培训 not before September.
        Assert.Equal(1, await Scheduler.RunAsync());
        Assert.Equal(["domain:2026"], await PeriodKeysAsync());

        _host.Clock.SetUtcNow(China(3, 2, 0, 30));
        var (created, overlapped) = await Contenders.RunTogetherAsync(6, _ => Scheduler.RunAsync());
        // A race: at least two runs were inside RunAsync at once.
        Assert.True(overlapped, "no two runs overlapped");
        Assert.Equal(1, created.Sum());
        Assert.Equal(["domain:2026", "security:2026-03"], await PeriodKeysAsync());

        var id = await TaskIdAsync("security:2026-03");
        var instance = await _host.InstanceAsync(id);
        Assert.Equal(S.SecurityCheck, instance.State);
        Assert.Equal("2026年3月政府网站安全自查", instance.Title);
        Assert.Equal(await _host.UnitIdAsync("县行政审批服务局"), instance.HandlingUnitId);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime, (await _host.OpenDeadlineAsync(id))!.DueAtUtc);

        _host.Clock.SetUtcNow(China(4, 1, 10)); // Wed 1 Apr: April's, once
        Assert.Equal(1, await Scheduler.RunAsync());
        Assert.Equal(0, await Scheduler.RunAsync());
        _host.Clock.SetUtcNow(China(9, 1, 10)); // Tue 1 Sep: September's and the year's training
        Assert.Equal(2, await Scheduler.RunAsync());
        Assert.Equal(["domain:2026", "security:2026-03", "security:2026-04", "security:2026-09", "training:2026"], await PeriodKeysAsync());
    }

    [Fact]
    public async Task SecurityCheck_CompletedByTheUnitsReviewer_WithEveryItemTickedAndEvidence()
    {
        _host.Clock.SetUtcNow(China(3, 2, 9));
        await Scheduler.RunAsync();
        var id = await TaskIdAsync("security:2026-03");
        var v = (await _host.InstanceAsync(id)).Version;
        var all = new Dictionary<string, string?> { ["tamper"] = "true", ["antivirus"] = "true", ["backup"] = "true", ["accounts"] = "true", ["dns"] = "true" };

        async Task<FireResult> Fire(string user, Dictionary<string, string?> fields) =>
            await _host.Runtime.FireAsync(id, v, T.CompleteSecurity, await _host.ActorAsync(user), new FireInput(null, fields));

        Assert.Equal(FireStatus.Forbidden, (await Fire("supervisor", all)).Status); // a Supervisor, not the unit's reviewer
        Assert.Equal(FireStatus.NotFound, (await Fire("reviewer", all)).Status); // another unit's reviewer does not see it
        Assert.Equal("请先上传自查记录或佐证材料（截图、检测报告、备份记录等）。", (await Fire("supreviewer", all)).Message);

        var upload = await _host.Get<AttachmentService>().UploadAsync(id, await _host.ActorAsync("supreviewer"), DutiesModule.Record, "3月安全自查记录.pdf",
            new MemoryStream(AttachmentServiceTests.Pdf()));
        Assert.True(upload.Succeeded, upload.Error);
        v = (await _host.InstanceAsync(id)).Version;
        var missing = await Fire("supreviewer", new Dictionary<string, string?>(all) { ["dns"] = null });
        Assert.Equal(FireStatus.Invalid, missing.Status);
        Assert.Equal("请逐项确认：域名解析已检查无异常", missing.Message);

        Assert.Equal(FireStatus.Applied, (await Fire("supreviewer", all)).Status);
        Assert.Equal(S.Done, (await _host.InstanceAsync(id)).State);
        var entry = (await _host.JournalAsync(id)).Last();
        Assert.Contains("\"antivirus\":\"true\"", entry.Data, StringComparison.Ordinal);
        await using var db = _host.NewDbContext();
        Assert.Equal(China(3, 2, 9).UtcDateTime, (await db.DutyTasks.SingleAsync(t => t.InstanceId == id)).CompletedAtUtc);
    }

    [Fact]
    public async Task Training_RecordsTheAttendance_ADateInTheFutureIsRefused()
    {
        _host.Clock.SetUtcNow(China(9, 1, 9));
        await Scheduler.RunAsync();
        var id = await TaskIdAsync("training:2026");
        var v = (await _host.InstanceAsync(id)).Version;
        var fields = new Dictionary<string, string?> { ["date"] = "2026-09-15", ["attendance"] = "县教育局 张信息；县财政局 郑信息", ["count"] = "2" };
        var future = await _host.Runtime.FireAsync(id, v, T.CompleteTraining, await _host.ActorAsync("supreviewer"), new FireInput(null, fields));
        Assert.Equal("培训日期须为不晚于今天的日期，格式如 2026-09-15。", future.Message);

        _host.Clock.SetUtcNow(China(9, 16, 9));
        await _host.MustFireAsync(id, v, T.CompleteTraining, "supreviewer", null, fields);
        var entry = (await _host.JournalAsync(id)).Last();
        Assert.Contains("县财政局 郑信息", entry.Data, StringComparison.Ordinal);
        Assert.Contains("\"count\":\"2\"", entry.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverdueSelfCheck_IsChasedToTheReviewersThenTheOfficers_EachOnce()
    {
        _host.Clock.SetUtcNow(China(3, 2, 9));
        await Scheduler.RunAsync();
        var id = await TaskIdAsync("security:2026-03");
        _host.Clock.SetUtcNow(China(3, 10, 9)); // due Mon 9 Mar
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        await using var db = _host.NewDbContext();
        var sent = await db.Notifications.Where(n => n.InstanceId == id && n.DedupKey.StartsWith("r:"))
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => n.Kind + ":" + u.UserName).OrderBy(x => x).ToListAsync();
        Assert.Equal(["escalation:accountability", "overdue:duty", "overdue:supreviewer", "reminder:duty", "reminder:supreviewer", "warning:duty",
            "warning:supreviewer"], sent);
    }

    [Fact]
    public async Task DailyDigest_FromEightOClock_OnePerUserAndDay_OnlyForWhoHasWork()
    {
        _host.Clock.SetUtcNow(China(3, 2, 7, 59));
        var (finding, _) = await _host.RaiseFindingAsync(); // waits for 县教育局's Editors
        Assert.Equal(0, await _host.Get<DailyDigest>().RunAsync());

        _host.Clock.SetUtcNow(China(3, 2, 8));
        var first = await _host.Get<DailyDigest>().RunAsync();
        Assert.Equal(0, await _host.Get<DailyDigest>().RunAsync());
        await using var db = _host.NewDbContext();
        var digests = await db.Notifications.Where(n => n.Kind == "digest").Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Title, n.Body })
            .ToListAsync();
        Assert.Equal(first, digests.Count);
        var editor = digests.Single(d => d.UserName == "editor");
        Assert.Equal("每日待办：1 项待办", editor.Title);
        Assert.Contains("整改跟踪「错别字：", editor.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(digests, d => d.UserName == "editor2"); // nothing waits for 县财政局
        Assert.DoesNotContain(digests, d => d.UserName == "admin");

        _host.Clock.SetUtcNow(China(3, 3, 8)); // the next day: again, now with the finding's deadline still ahead
        await _host.Get<DailyDigest>().RunAsync();
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.Kind == "digest" && n.UserId == db.Users.Single(u => u.UserName == "editor").Id));
        Assert.True(finding > 0);
    }
}
