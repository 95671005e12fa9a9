using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.ColumnRequests;

/// <summary>
/// Every W1 trigger fired once by its canonical user, with its effect checked: the new state, the journal entry, and exactly
/// who was notified with which text (written out by hand). Plus the change review's outcomes 同意调整 and 不同意 in full.
/// </summary>
public sealed class ColumnRequestTriggerEffectsTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private const string W = "专题专栏开设申请";

    /// <summary>user|kind|title|body of the notifications created by one journal entry; {0} is the item's title.</summary>
    private async Task<List<string>> NotificationsOfEntryAsync(long id, int seq)
    {
        await using var db = host.NewDbContext();
        var prefix = $"t:{id}:{seq}:";
        return await (from n in db.Notifications
                      where n.InstanceId == id && n.DedupKey.StartsWith(prefix)
                      join u in db.Users on n.UserId equals u.Id
                      orderby n.Kind, u.UserName
                      select u.UserName + "|" + n.Kind + "|" + n.Title + "|" + n.Body).ToListAsync();
    }

    [Theory]
    [InlineData(S.Draft, T.Submit, "editor", "Editor", S.UnitReview,
        "reviewer|assigned|待办：专题专栏开设申请「{0}」待您单位审核|意见;reviewer3|assigned|待办：专题专栏开设申请「{0}」待您单位审核|意见;secrecy|assigned|待办：专题专栏开设申请「{0}」待您单位审核|意见")]
    [InlineData(S.UnitReview, T.UnitApprove, "reviewer", "UnitReviewer", S.BureauReview,
        "supervisor|assigned|待办：专题专栏开设申请「{0}」待您审批|意见;supervisor2|assigned|待办：专题专栏开设申请「{0}」待您审批|意见;supreviewer|assigned|待办：专题专栏开设申请「{0}」待您审批|意见")]
    [InlineData(S.UnitReview, T.UnitReturn, "reviewer", "UnitReviewer", S.Returned,
        "editor|assigned|待办：专题专栏开设申请「{0}」待您退回修改|意见;reviewer3|assigned|待办：专题专栏开设申请「{0}」待您退回修改|意见;editor|status|专题专栏开设申请「{0}」已被单位审核退回修改|意见")]
    [InlineData(S.BureauReview, T.BureauApprove, "supervisor", "Supervisor", S.Setup,
        "monitor|assigned|待办：专题专栏开设申请「{0}」待您开通|意见;editor|status|专题专栏开设申请「{0}」已获县行政审批服务局批准，等待开通|意见")]
    [InlineData(S.BureauReview, T.BureauReturn, "supervisor", "Supervisor", S.Returned,
        "editor|assigned|待办：专题专栏开设申请「{0}」待您退回修改|意见;reviewer3|assigned|待办：专题专栏开设申请「{0}」待您退回修改|意见;editor|status|专题专栏开设申请「{0}」已被审批退回修改|意见")]
    [InlineData(S.BureauReview, T.Reject, "supervisor", "Supervisor", S.Rejected,
        "editor|status|专题专栏开设申请「{0}」已被驳回|意见")]
    [InlineData(S.UnitReview, T.Withdraw, "editor", "Editor", S.Withdrawn, "")]
    [InlineData(S.Setup, T.CompleteSetup, "monitor", "Monitor", S.Active,
        "editor|status|专题专栏开设申请「{0}」已开通运行，栏目已进入栏目台账|意见")]
    [InlineData(S.Active, T.RequestChange, "editor", "Editor", S.ChangeReview,
        "supervisor|assigned|待办：专题专栏开设申请「{0}」待您调整/关停申请|意见;supervisor2|assigned|待办：专题专栏开设申请「{0}」待您调整/关停申请|意见;supreviewer|assigned|待办：专题专栏开设申请「{0}」待您调整/关停申请|意见")]
    [InlineData(S.ChangeReview, T.ApproveAdjust, "supervisor", "Supervisor", S.Active,
        "editor|status|专题专栏开设申请「{0}」调整申请已同意|意见")]
    [InlineData(S.ChangeReview, T.ApproveClose, "supervisor", "Supervisor", S.Archived,
        "editor|status|专题专栏开设申请「{0}」关停申请已同意，栏目已归档|意见")]
    [InlineData(S.ChangeReview, T.RefuseChange, "supervisor", "Supervisor", S.Active,
        "editor|status|专题专栏开设申请「{0}」调整/关停申请未获同意|意见")]
    public async Task EachTrigger_StateJournalAndNotifications(string from, string trigger, string user, string role, string to, string notifications)
    {
        var (id, v) = await host.DriveW1Async(from);
        var title = (await host.InstanceAsync(id)).Title;
        var actor = await host.ActorAsync(user);

        var r = await host.Runtime.FireAsync(id, v, trigger, actor,
            new FireInput("意见", new Dictionary<string, string?> { ["url"] = ColumnRequestDriver.ValidUrl }));

        Assert.Equal((FireStatus.Applied, to, v + 1), (r.Status, r.NewState, r.NewVersion));
        Assert.Equal(to, (await host.InstanceAsync(id)).State);
        var entry = (await host.JournalAsync(id))[^1];
        Assert.Equal((trigger, from, to, actor.UserId, role, "意见"), (entry.Trigger, entry.FromState, entry.ToState, entry.ActorUserId, entry.ActorRole, entry.Comment));
        var expected = notifications.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(n => string.Format(System.Globalization.CultureInfo.InvariantCulture, n, title));
        Assert.Equal(expected, await NotificationsOfEntryAsync(id, entry.Seq));
    }

    [Theory]
    [InlineData(T.ApproveAdjust, null, "调整申请已同意")]
    [InlineData(T.RefuseChange, "专项工作尚未结束，栏目继续运行", "调整/关停申请未获同意")]
    public async Task ChangeReview_AdjustApprovedOrRefused_BackToActive_ColumnStaysInRegister_CreatorTold(string trigger, string? comment,
        string message)
    {
        var (id, v) = await host.DriveW1Async(S.ChangeReview);
        var title = (await host.InstanceAsync(id)).Title;
        Assert.Equal(S.ChangeReview, (await host.OpenDeadlineAsync(id))!.State);

        // 不同意 needs a reason; 同意调整 does not.
        if (comment is not null)
            Assert.Equal(FireStatus.Invalid, (await host.Runtime.FireAsync(id, v, trigger, await host.ActorAsync("supervisor2"), FireInput.Empty)).Status);
        var r = await host.Runtime.FireAsync(id, v, trigger, await host.ActorAsync("supervisor2"), new FireInput(comment));

        Assert.Equal((FireStatus.Applied, S.Active), (r.Status, r.NewState));
        var instance = await host.InstanceAsync(id);
        Assert.Equal((S.Active, false, (string?)null), (instance.State, instance.IsFinal, instance.WaitingForRole));
        // Active carries no deadline; the change review's is closed.
        Assert.Null(await host.OpenDeadlineAsync(id));
        var journal = await host.JournalAsync(id);
        Assert.Equal(
            [$"{T.RequestChange}|Active>ChangeReview|张信息|活动结束，申请关停", $"{trigger}|ChangeReview>Active|何审批|{comment}"],
            journal.TakeLast(2).Select(j => $"{j.Trigger}|{j.FromState}>{j.ToState}|{j.ActorName}|{j.Comment}"));
        Assert.Equal([$"editor|status|{W}「{title}」{message}|{comment}"], await NotificationsOfEntryAsync(id, journal[^1].Seq));
        // The column is still in the register and active; a new change may be requested.
        var column = Assert.Single(await host.Columns.ListAsync(await host.ActorAsync("monitor")), c => c.SourceInstanceId == id);
        Assert.True(column.IsActive);
        Assert.Contains(await host.Runtime.AvailableActionsAsync(id, await host.ActorAsync("editor")), a => a.Trigger == T.RequestChange);
    }
}
