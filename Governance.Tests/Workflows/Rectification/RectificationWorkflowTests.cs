using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Attachments;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Tests.Workflows.Rectification;

/// <summary>
/// W4 整改跟踪 (第13条, 第20条, 第21条): issuing, the unit's loop with evidence, verification and rejection, deadlines by
/// severity in working days (2026-03-02 is a Monday; expected due dates counted by hand on the calendar), authorization by
/// unit, repeats and the chase of overdue findings.
/// </summary>
public sealed class RectificationWorkflowTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset China(int m, int d, int h, int min = 0) => new(2026, m, d, h, min, 0, TimeSpan.FromHours(8));
    private static DateTime EndOfChinaDay(int m, int d) => new DateTimeOffset(2026, m, d, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime;

    private async Task<Finding> FindingRowAsync(long id)
    {
        await using var db = _host.NewDbContext();
        return await db.Findings.AsNoTracking().SingleAsync(f => f.InstanceId == id);
    }

    private async Task<FireResult> FireAsync(long id, int version, string trigger, string user, string? comment = null,
        Dictionary<string, string?>? fields = null) =>
        await _host.Runtime.FireAsync(id, version, trigger, await _host.ActorAsync(user), new FireInput(comment, fields));

    private async Task<List<string>> NotifiedAsync(long id, string? dedupPrefix = null)
    {
        await using var db = _host.NewDbContext();
        return await (from n in db.Notifications
                      where n.InstanceId == id && (dedupPrefix == null || n.DedupKey.StartsWith(dedupPrefix))
                      join u in db.Users on n.UserId equals u.Id
                      orderby n.Kind, u.UserName
                      select n.Kind + ":" + u.UserName).ToListAsync();
    }

    private static readonly string[] UnitStaff = ["editor", "reviewer", "reviewer3", "secrecy"];

    [Theory]
    [InlineData(FindingSeverity.General, null, 9)] // Mon 2 Mar + 5 working days → Mon 9 Mar
    [InlineData(FindingSeverity.Serious, null, 4)] // + 2 → Wed 4 Mar
    [InlineData(FindingSeverity.Veto, null, 3)] // + 1 → Tue 3 Mar
    [InlineData(FindingSeverity.General, 3, 5)] // the Monitor's own 3 → Thu 5 Mar
    public async Task Raise_IssuesToTheUnit_WhichIsToldAtOnce_DeadlineBySeverity(FindingSeverity severity, int? days, int dueDay)
    {
        var (id, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(severity: severity, workingDays: days));

        var instance = await _host.InstanceAsync(id);
        Assert.Equal(S.Issued, instance.State);
        Assert.Equal(await _host.UnitIdAsync("县教育局"), instance.HandlingUnitId);
        Assert.Equal(await _host.UnitIdAsync("县数字化信息服务中心"), instance.OwnerUnitId);
        Assert.Matches(@"^ZG-2026-\d{5}$", instance.Number);
        var deadline = (await _host.OpenDeadlineAsync(id))!;
        Assert.Equal(EndOfChinaDay(3, dueDay), deadline.DueAtUtc);
        Assert.Equal(Roles.Editor, deadline.ResponsibleRole);
        Assert.Equal(UnitStaff.Select(u => "assigned:" + u), await NotifiedAsync(id, "w4:"));
    }

    [Fact]
    public async Task Raise_ByAnEditor_OrWithBadInput_IsRefusedInChinese_AndNothingIsStored()
    {
        var good = await _host.FindingAsync();
        var byEditor = await _host.Findings().RaiseAsync(good, await _host.ActorAsync("editor"));
        Assert.Equal("只有监测员可以下发整改问题。", byEditor.Error);

        var monitor = await _host.ActorAsync("monitor");
        int otherUnitsColumn;
        await using (var db = _host.NewDbContext())
            otherUnitsColumn = await db.Columns.Where(c => c.Unit!.Name == "县财政局").Select(c => c.Id).FirstAsync();
        var bad = await _host.Findings().RaiseAsync(good with
        {
            Category = "随便写", Description = " ", Url = "javascript:alert(1)", WorkingDays = 0, ColumnId = otherUnitsColumn, Source = FindingSources.Sweep,
        }, monitor);
        Assert.False(bad.Succeeded);
        Assert.Equal("请选择问题类别", bad.FieldErrors!["category"]);
        Assert.Equal("请填写问题描述", bad.FieldErrors["description"]);
        Assert.Equal("网址须以 http:// 或 https:// 开头", bad.FieldErrors["url"]);
        Assert.Equal("整改时限须为 1 至 30 个工作日", bad.FieldErrors["workingDays"]);
        Assert.StartsWith("栏目“", bad.FieldErrors["column"], StringComparison.Ordinal);
        Assert.StartsWith("问题来源须为：日常监测", bad.FieldErrors["source"], StringComparison.Ordinal); // 系统巡检 is the system's own

        await using var check = _host.NewDbContext();
        Assert.Equal(0, await check.Findings.CountAsync());
        Assert.Equal(0, await check.WorkflowInstances.CountAsync(i => i.DefinitionKey == Key));
    }

    [Fact]
    public async Task Loop_SubmitNeedsReportAndEvidence_RejectNeedsReason_ResubmitThenVerify_ClosesOnTime()
    {
        var (id, v) = await _host.DriveW4Async(S.Rectifying);

        var empty = await FireAsync(id, v, T.Submit, "editor");
        Assert.Equal(FireStatus.Invalid, empty.Status);
        Assert.Equal("请先填写整改报告（整改了什么、怎样整改的）。", empty.Message);
        v = await _host.SaveReportAsync(id, v, url: null);
        var noEvidence = await FireAsync(id, v, T.Submit, "editor");
        Assert.Equal("请上传整改佐证材料（截图或 PDF），或填写整改后页面的网址。", noEvidence.Message);

        var upload = await _host.Get<AttachmentService>().UploadAsync(id, await _host.ActorAsync("editor"), RectificationModule.Evidence,
            "整改后截图.png", new MemoryStream(AttachmentServiceTests.Png()));
        Assert.True(upload.Succeeded, upload.Error);
        v = (await _host.InstanceAsync(id)).Version;
        v = await _host.MustFireAsync(id, v, T.Submit, "editor");
        Assert.Equal(S.Submitted, (await _host.InstanceAsync(id)).State);
        Assert.Equal(Roles.Monitor, (await _host.OpenDeadlineAsync(id))!.ResponsibleRole);

        var noReason = await FireAsync(id, v, T.Reject, "monitor");
        Assert.Equal(FireStatus.Invalid, noReason.Status);
        Assert.Equal("“核验不通过”必须填写理由或意见。", noReason.Message);

        // Rejected on Wed 4 Mar: back to 整改中 with the finding's 5 working days again, from that day → Wed 11 Mar.
        _host.Clock.SetUtcNow(China(3, 4, 10));
        v = await _host.MustFireAsync(id, v, T.Reject, "monitor", "页面仍有一处“教有局”未改");
        Assert.Equal(S.Rectifying, (await _host.InstanceAsync(id)).State);
        Assert.Equal(1, (await FindingRowAsync(id)).RejectCount);
        Assert.Equal(EndOfChinaDay(3, 11), (await _host.OpenDeadlineAsync(id))!.DueAtUtc);
        Assert.Contains("assigned:editor", await NotifiedAsync(id));

        v = await _host.SaveReportAsync(id, v, "两处错别字均已更正。");
        v = await _host.MustFireAsync(id, v, T.Submit, "editor");
        _host.Clock.SetUtcNow(China(3, 5, 10));
        await _host.MustFireAsync(id, v, T.Verify, "monitor");

        var f = await FindingRowAsync(id);
        Assert.Equal(S.Closed, (await _host.InstanceAsync(id)).State);
        Assert.True(f.RectifiedOnTime);
        Assert.Equal(EndOfChinaDay(3, 11), f.DueAtUtc);
        Assert.Equal(China(3, 5, 10).UtcDateTime, f.ClosedAtUtc);
        Assert.Null(await _host.OpenDeadlineAsync(id));
        var journal = (await _host.JournalAsync(id)).Select(j => j.Trigger).ToList();
        Assert.Equal([WorkflowRuntime.CreateTrigger, T.Acknowledge, T.Start, WorkflowRuntime.EditTrigger, WorkflowRuntime.AttachTrigger, T.Submit, T.Reject, WorkflowRuntime.EditTrigger, T.Submit, T.Verify], journal);
    }

    [Fact]
    public async Task Verify_OfAReportSubmittedAfterTheDeadline_IsRecordedLate()
    {
        // 严重: due Wed 4 Mar; submitted Thu 5 Mar.
        var (id, v) = await _host.DriveW4Async(S.Rectifying, await _host.FindingAsync(severity: FindingSeverity.Serious));
        _host.Clock.SetUtcNow(China(3, 5, 9));
        v = await _host.SaveReportAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.Submit, "editor");
        await _host.MustFireAsync(id, v, T.Verify, "monitor");

        var f = await FindingRowAsync(id);
        Assert.False(f.RectifiedOnTime);
        Assert.Equal(EndOfChinaDay(3, 4), f.DueAtUtc);
        Assert.Equal("false", (await _host.JournalAsync(id)).Last().Data is { } data && data.Contains("\"onTime\":\"false\"", StringComparison.Ordinal)
            ? "false" : "missing");
    }

    [Fact]
    public async Task Authorization_AnotherUnitSeesNothing_TheUnitCannotVerify_OfficersChaseButDoNotVerify()
    {
        var (id, v) = await _host.DriveW4Async(S.Issued);

        Assert.Null(await _host.Runtime.LoadAsync(id, await _host.ActorAsync("editor2")));
        Assert.Equal(FireStatus.NotFound, (await FireAsync(id, v, T.Acknowledge, "editor2")).Status);
        var page = await _host.Findings().ListAsync(await _host.ActorAsync("editor2"), new FindingQuery());
        Assert.Equal(0, page.Total);
        Assert.Equal(1, (await _host.Findings().ListAsync(await _host.ActorAsync("editor"), new FindingQuery())).Total);

        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Acknowledge, "monitor")).Status);
        v = await _host.MustFireAsync(id, v, T.Acknowledge, "reviewer"); // a UnitReviewer of the unit may sign for it
        v = await _host.MustFireAsync(id, v, T.Start, "editor");
        v = await _host.SaveReportAsync(id, v);
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Submit, "reviewer")).Status); // the report is the Editor's
        v = await _host.MustFireAsync(id, v, T.Submit, "editor");
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Verify, "editor")).Status);
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Verify, "accountability")).Status);
        Assert.Equal(FireStatus.Forbidden, (await FireAsync(id, v, T.Verify, "observer")).Status);
        Assert.Equal(S.Submitted, (await _host.InstanceAsync(id)).State);
    }

    [Fact]
    public async Task Evidence_IsTheUnitsWhileItRectifies_TheMonitorsWhileIssuedOrVerifying_FrozenOnceClosed()
    {
        var service = _host.Get<AttachmentService>();
        async Task<AttachmentResult> Up(long id, string user, string purpose) =>
            await service.UploadAsync(id, await _host.ActorAsync(user), purpose, "截图.png", new MemoryStream(AttachmentServiceTests.Png()));

        var (id, v) = await _host.DriveW4Async(S.Issued);
        Assert.True((await Up(id, "monitor", RectificationModule.Problem)).Succeeded); // the problem's screenshot
        Assert.Equal(AttachmentError.Forbidden, (await Up(id, "editor", RectificationModule.Evidence)).Kind); // not signed for yet
        v = (await _host.InstanceAsync(id)).Version;
        v = await _host.MustFireAsync(id, v, T.Acknowledge, "editor");
        v = await _host.MustFireAsync(id, v, T.Start, "editor");
        Assert.True((await Up(id, "editor", RectificationModule.Evidence)).Succeeded);
        Assert.Equal(AttachmentError.Forbidden, (await Up(id, "monitor", RectificationModule.Evidence)).Kind);
        Assert.Equal(AttachmentError.NotFound, (await Up(id, "editor2", RectificationModule.Evidence)).Kind);
        v = (await _host.InstanceAsync(id)).Version;
        v = await _host.SaveReportAsync(id, v);
        v = await _host.MustFireAsync(id, v, T.Submit, "editor");
        Assert.Equal(AttachmentError.Forbidden, (await Up(id, "editor", RectificationModule.Evidence)).Kind); // submitted: it stays as verified
        await _host.MustFireAsync(id, v, T.Verify, "monitor");
        var closed = await Up(id, "monitor", RectificationModule.Problem);
        Assert.Equal("事项已办结（已销号），附件已封存，不能再上传或删除。", closed.Error);
    }

    [Fact]
    public async Task Sweep_OverdueFinding_TheUnitThenSupervisorAndAccountability_EachLevelOnce()
    {
        // 单项否决 raised Mon 2 Mar 09:00 → due Tue 3 Mar 23:59:59.
        var (id, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(severity: FindingSeverity.Veto));
        _host.Clock.SetUtcNow(China(3, 3, 9));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        Assert.Equal(UnitStaff.Select(u => "warning:" + u), await NotifiedAsync(id, "r:"));

        _host.Clock.SetUtcNow(China(3, 4, 8));
        await _host.Sweep.RunAsync();
        await _host.Sweep.RunAsync();
        string[] escalated = ["accountability", "supervisor", "supervisor2", "supreviewer"];
        var expected = escalated.Select(u => "escalation:" + u).Concat(UnitStaff.Select(u => "overdue:" + u))
            .Concat(UnitStaff.Select(u => "warning:" + u)).Order().ToList();
        Assert.Equal(expected, (await NotifiedAsync(id, "r:")).Order());
        _host.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await _host.Sweep.RunAsync());

        var overdue = await _host.Findings().ListAsync(await _host.ActorAsync("accountability"), new FindingQuery { OverdueOnly = true });
        Assert.Equal([id], overdue.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Repeat_SameColumnAndCategoryWithin90Days_IsMarked_AfterThatItIsNot()
    {
        int column;
        await using (var db = _host.NewDbContext())
            column = await db.Columns.Where(c => c.Unit!.Name == "县教育局" && c.Name == "工作动态").Select(c => c.Id).FirstAsync();
        var (first, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(columnId: column));
        Assert.False((await FindingRowAsync(first)).IsRepeat);

        _host.Clock.SetUtcNow(China(5, 30, 10)); // 89 days later
        var (second, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(columnId: column));
        var repeat = await FindingRowAsync(second);
        Assert.True(repeat.IsRepeat);
        Assert.Equal(first, repeat.RepeatOfInstanceId);
        var (otherCategory, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(columnId: column, category: FindingCategories.Inaccessible));
        Assert.False((await FindingRowAsync(otherCategory)).IsRepeat);

        _host.Clock.SetUtcNow(China(9, 1, 10)); // more than 90 days after the second
        var (third, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(columnId: column));
        Assert.False((await FindingRowAsync(third)).IsRepeat);
    }

    [Fact]
    public async Task Raise_TheSameSourceRefConcurrently_StoresOneFinding()
    {
        // Eight contenders, each on its own thread, released together raise the same lapse. A round counts as a race only
        // when two of them were inside RaiseAsync at once, and rounds repeat (each with its own lapse) until one did.
        // Every round must store exactly one finding.
        var system = Actor.System("column-sweep", "栏目巡检");
        var overlapped = false;
        for (var round = 1; round <= 6 && !overlapped; round++)
        {
            var sourceRef = $"column:1:lapse:{round}";
            var finding = await _host.FindingAsync(sourceRef: sourceRef);
            (FindingResult[] results, bool raced) = await Contenders.RunTogetherAsync(8,
                _ => _host.Findings().RaiseAsync(finding with { Source = FindingSources.Sweep }, system));
            overlapped = raced;
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
            Assert.Single(results.Select(r => r.InstanceId).Distinct());
            Assert.Single(results, r => !r.Existed);
            await using var db = _host.NewDbContext();
            Assert.Equal(1, await db.Findings.CountAsync(f => f.SourceRef == sourceRef));
        }
        Assert.True(overlapped, "六轮中没有一轮的两个并发调用重叠：这不是一次真正的竞争");
    }

    [Fact]
    public async Task Counterfeit_Website_TakesInTheCyberspaceOfficeAsParticipant_第15条()
    {
        var (id, _) = await _host.RaiseFindingAsync(await _host.FindingAsync(category: FindingCategories.Counterfeit, severity: FindingSeverity.Veto));
        await using var db = _host.NewDbContext();
        var participants = await db.InstanceParticipants.Where(p => p.InstanceId == id).Select(p => p.Unit!.Name).ToListAsync();
        Assert.Equal(["县委网信办"], participants);
    }

    [Fact]
    public async Task Extend_Chase_Cancel_EachRecordsAndTellsTheUnit()
    {
        var (id, v) = await _host.DriveW4Async(S.Acknowledged);
        v = await _host.MustFireAsync(id, v, T.Extend, "monitor", "涉及系统改版", new Dictionary<string, string?> { ["days"] = "3" });
        Assert.Equal(EndOfChinaDay(3, 12), (await _host.OpenDeadlineAsync(id))!.DueAtUtc); // Mon 9 Mar + 3 → Thu 12 Mar
        v = await _host.MustFireAsync(id, v, T.Chase, "accountability", "请于本周内完成");
        Assert.Contains("chase:editor", await NotifiedAsync(id));
        Assert.Equal(FireStatus.Invalid, (await FireAsync(id, v, T.Cancel, "monitor")).Status);
        await _host.MustFireAsync(id, v, T.Cancel, "monitor", "误报：该页面不属于本单位");
        Assert.True((await FindingRowAsync(id)).IsCancelled);
        Assert.Equal(S.Cancelled, (await _host.InstanceAsync(id)).State);
        Assert.Null(await _host.OpenDeadlineAsync(id));
    }
}
