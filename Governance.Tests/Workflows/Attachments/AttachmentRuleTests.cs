using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Attachments;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using W1 = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow;
using static Governance.Workflows.Definitions.ColumnRequests.ColumnRequestsModule;

namespace Governance.Tests.Workflows.Attachments;

/// <summary>
/// Issue 10, hole 7: attachments changed after the fact. Each state says who may add or remove attachments (by default whoever
/// it waits for, in its scope); final items are frozen; every change is journaled and bumps the item's version.
/// </summary>
public sealed class AttachmentRuleTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private AttachmentService Service => _host.Get<AttachmentService>();

    private async Task<AttachmentResult> UploadAsync(long id, string user, string name = "方案.pdf") =>
        await Service.UploadAsync(id, await _host.ActorAsync(user), Plan, name, new MemoryStream(AttachmentServiceTests.Pdf()));

    private async Task<int> RowsAsync(long id)
    {
        await using var db = _host.NewDbContext();
        return await db.Attachments.CountAsync(a => a.InstanceId == id);
    }

    [Fact]
    public async Task Upload_and_delete_on_a_draft_are_journaled_and_each_bumps_the_version()
    {
        var (id, version) = await _host.DriveW1Async(W1.S.Draft);

        var uploaded = await UploadAsync(id, "editor", "栏目方案.pdf");
        Assert.True(uploaded.Succeeded, uploaded.Error);
        Assert.Equal(version + 1, (await _host.InstanceAsync(id)).Version);
        var attach = (await _host.JournalAsync(id)).Last();
        Assert.Equal(WorkflowRuntime.AttachTrigger, attach.Trigger);
        Assert.Contains("栏目方案.pdf", attach.Data, StringComparison.Ordinal);
        Assert.Equal(W1.S.Draft, attach.ToState);

        Assert.Null(await Service.DeleteAsync(uploaded.AttachmentId!.Value, await _host.ActorAsync("editor")));
        Assert.Equal(version + 2, (await _host.InstanceAsync(id)).Version);
        var detach = (await _host.JournalAsync(id)).Last();
        Assert.Equal(WorkflowRuntime.DetachTrigger, detach.Trigger);
        Assert.Contains("栏目方案.pdf", detach.Data, StringComparison.Ordinal);
        Assert.Equal("上传附件", W1.Definition.TriggerDisplayName(attach.Trigger));
        Assert.Equal("删除附件", W1.Definition.TriggerDisplayName(detach.Trigger));
    }

    [Fact]
    public async Task Once_submitted_the_applicant_can_neither_add_nor_remove_and_nothing_changes()
    {
        var (id, _) = await _host.DriveW1Async(W1.S.Draft);
        var early = await UploadAsync(id, "editor");
        Assert.True(early.Succeeded, early.Error);
        var version = await _host.MustFireAsync(id, (await _host.InstanceAsync(id)).Version, W1.T.Submit, "editor");
        var journal = (await _host.JournalAsync(id)).Count;

        var late = await UploadAsync(id, "editor", "补充.pdf");
        Assert.False(late.Succeeded);
        Assert.Equal(AttachmentError.Forbidden, late.Kind);
        Assert.Equal("当前状态（单位审核）只有单位审核人可以上传或删除附件。", late.Error);
        Assert.Equal("当前状态（单位审核）只有单位审核人可以上传或删除附件。",
            await Service.DeleteAsync(early.AttachmentId!.Value, await _host.ActorAsync("editor")));

        Assert.Equal(1, await RowsAsync(id));
        Assert.Equal(version, (await _host.InstanceAsync(id)).Version);
        Assert.Equal(journal, (await _host.JournalAsync(id)).Count);
    }

    [Fact]
    public async Task A_county_role_cannot_attach_to_another_units_item_it_does_not_act_on()
    {
        var (id, version) = await _host.DriveW1Async(W1.S.UnitReview);

        var monitor = await UploadAsync(id, "monitor");
        Assert.False(monitor.Succeeded);
        Assert.Equal(AttachmentError.Forbidden, monitor.Kind);
        var otherReviewer = await UploadAsync(id, "reviewer2"); // a UnitReviewer, but of another unit: not even visible
        Assert.Equal(AttachmentError.NotFound, otherReviewer.Kind);

        var reviewer = await UploadAsync(id, "reviewer"); // the state waits for this unit's reviewer
        Assert.True(reviewer.Succeeded, reviewer.Error);
        Assert.Equal(version + 1, (await _host.InstanceAsync(id)).Version);
    }

    [Theory]
    [InlineData(W1.S.Archived, "事项已办结（已归档），附件已封存，不能再上传或删除。")]
    [InlineData(W1.S.Rejected, "事项已办结（已驳回），附件已封存，不能再上传或删除。")]
    public async Task Final_items_are_frozen_for_everyone(string state, string expected)
    {
        var (id, version) = await _host.DriveW1Async(state);

        foreach (var user in new[] { "editor", "reviewer", "supervisor", "monitor", "admin" })
        {
            var result = await UploadAsync(id, user);
            Assert.False(result.Succeeded, user);
            Assert.Equal(expected, result.Error);
        }
        Assert.Equal(0, await RowsAsync(id));
        Assert.Equal(version, (await _host.InstanceAsync(id)).Version);
    }
}
