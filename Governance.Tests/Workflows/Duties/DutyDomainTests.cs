using Governance.Tests.Support;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Attachments;
using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Definitions.Duties.DutyWorkflow;

namespace Governance.Tests.Workflows.Duties;

/// <summary>第16条 域名年度自查 and the 催办 of a duty.</summary>
public sealed class DutyDomainTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;
    private long _id;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(8)));
        await _host.Get<DutyScheduler>().RunAsync();
        await using var db = _host.NewDbContext();
        _id = await db.DutyTasks.Where(t => t.PeriodKey == "domain:2026").Select(t => t.InstanceId).SingleAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task DomainCheck_NeedsEvidenceAndEveryItem()
    {
        var checks = new Dictionary<string, string?> { ["registration"] = "true", ["dnssec"] = "true", ["provider"] = "true", ["servers"] = "true" };
        var v = (await _host.InstanceAsync(_id)).Version;
        var noEvidence = await _host.Runtime.FireAsync(_id, v, T.CompleteDomain, await _host.ActorAsync("supreviewer"), new FireInput(null, checks));
        Assert.Equal(FireStatus.Invalid, noEvidence.Status);
        var upload = await _host.Get<AttachmentService>().UploadAsync(_id, await _host.ActorAsync("supreviewer"), DutiesModule.Record, "域名自查.pdf",
            new MemoryStream(AttachmentServiceTests.Pdf()));
        Assert.True(upload.Succeeded, upload.Error);
        await _host.MustFireAsync(_id, (await _host.InstanceAsync(_id)).Version, T.CompleteDomain, "supreviewer", null, checks);
        Assert.Equal(S.Done, (await _host.InstanceAsync(_id)).State);
        // Done: the record is frozen.
        var late = await _host.Get<AttachmentService>().UploadAsync(_id, await _host.ActorAsync("supreviewer"), DutiesModule.Record, "补充.pdf",
            new MemoryStream(AttachmentServiceTests.Pdf()));
        Assert.Equal(AttachmentError.Forbidden, late.Kind);
    }

    [Fact]
    public async Task Chase_TellsTheReviewersAtOnce()
    {
        var v = (await _host.InstanceAsync(_id)).Version;
        Assert.Equal(FireStatus.Forbidden, (await _host.Runtime.FireAsync(_id, v, T.Chase, await _host.ActorAsync("monitor"), new FireInput("请尽快"))).Status);
        await _host.MustFireAsync(_id, v, T.Chase, "accountability", "请本月内完成域名自查");
        await using var db = _host.NewDbContext();
        var chased = await db.Notifications.Where(n => n.InstanceId == _id && n.Kind == "chase").Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName)
            .ToListAsync();
        Assert.Equal(["duty", "supreviewer"], chased); // 县行政审批服务局's two reviewers: the demo one and the fixture's
    }
}
