using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using S = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.S;
using T = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.T;

namespace Governance.Tests.Workflows.ContentReview;

/// <summary>
/// W2's triggers that no happy path fires — the three returns, 撤回, 撤稿 by a reviewer, resubmission from 退回修改 — each
/// checked for its effect: the state, the journal entry and the notification the creator receives (texts written out).
/// </summary>
public sealed class ContentReviewTriggerEffectsTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private const string Title = "县教育局召开春季开学工作会议";

    private async Task<(long Id, int Version)> ItemAsync(string state)
    {
        var (id, v) = await host.CreateW2DraftAsync(title: Title);
        var submit = (T.Submit, "editor", (string?)null, (IReadOnlyDictionary<string, string?>?)null);
        var approve = (T.UnitApprove, "reviewer", (string?)null, (IReadOnlyDictionary<string, string?>?)ContentReviewDriver.FiveChecks());
        var secrecy = (T.SecrecyApprove, "secrecy", (string?)null, (IReadOnlyDictionary<string, string?>?)ContentReviewDriver.Statement());
        var publish = (T.Publish, "publisher", (string?)null, (IReadOnlyDictionary<string, string?>?)null);
        v = state switch
        {
            S.Draft => v,
            S.UnitReview => await host.DriveAsync(id, v, submit),
            S.SecrecyReview => await host.DriveAsync(id, v, submit, approve),
            S.ReadyToPublish => await host.DriveAsync(id, v, submit, approve, secrecy),
            S.Published => await host.DriveAsync(id, v, submit, approve, secrecy, publish),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        return (id, v);
    }

    /// <summary>(user name, kind, title, body) of the instance's notifications created by the journal entry <paramref name="seq"/>.</summary>
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

    private async Task AssertLastEntryAsync(long id, string trigger, string from, string to, string user, string role, string? comment)
    {
        var entry = (await host.JournalAsync(id))[^1];
        var actor = await host.ActorAsync(user);
        Assert.Equal((trigger, from, to, actor.UserId, role, comment), (entry.Trigger, entry.FromState, entry.ToState, entry.ActorUserId, entry.ActorRole, entry.Comment));
    }

    [Theory]
    [InlineData(S.UnitReview, T.UnitReturn, "reviewer", "UnitReviewer", "已被单位审核退回修改")]
    [InlineData(S.SecrecyReview, T.SecrecyReturn, "secrecy", "UnitReviewer", "已在保密审查中退回修改")]
    [InlineData(S.ReadyToPublish, T.PublisherReturn, "publisher", "Publisher", "已被发布员退回修改")]
    public async Task Return_FromEachReviewStep_ReturnedJournaledCreatorAndEditorsNotified(string state, string trigger, string user,
        string role, string creatorMessage)
    {
        var (id, v) = await ItemAsync(state);
        var before = await host.SnapshotAsync(id);

        // The reason is required: without it nothing changes.
        var noReason = await host.Runtime.FireAsync(id, v, trigger, await host.ActorAsync(user), new FireInput("  "));
        Assert.Equal(FireStatus.Invalid, noReason.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));

        var r = await host.Runtime.FireAsync(id, v, trigger, await host.ActorAsync(user), new FireInput("请核实会议日期"));

        Assert.Equal((FireStatus.Applied, S.Returned, v + 1), (r.Status, r.NewState, r.NewVersion));
        var instance = await host.InstanceAsync(id);
        Assert.Equal((S.Returned, false, Roles.Editor, await host.UnitIdAsync("县教育局")),
            (instance.State, instance.IsFinal, instance.WaitingForRole, instance.WaitingForUnitId));
        await AssertLastEntryAsync(id, trigger, state, S.Returned, user, role, "请核实会议日期");
        // 退回修改 carries no deadline: the review step's deadline is closed, none is open.
        Assert.Null(await host.OpenDeadlineAsync(id));
        var seq = (await host.JournalAsync(id))[^1].Seq;
        // The unit's editors are asked to act (the author is also the creator and hears why); nobody else.
        Assert.Equal(
        [
            $"editor|assigned|待办：信息发布审核「{Title}」待您退回修改|请核实会议日期",
            $"reviewer3|assigned|待办：信息发布审核「{Title}」待您退回修改|请核实会议日期",
            $"editor|status|信息发布审核「{Title}」{creatorMessage}|请核实会议日期",
        ], await NotificationsOfEntryAsync(id, seq));
        // The returned item is editable again by the author.
        Assert.Null((await host.Runtime.LoadAsync(id, await host.ActorAsync("editor")))!.EditRefusal);
    }

    [Fact]
    public async Task Submit_FromReturned_BackToUnitReviewWithFreshDeadlineAndReviewersNotified_ThenPublishable()
    {
        var (id, v) = await ItemAsync(S.UnitReview);
        v = await host.MustFireAsync(id, v, T.UnitReturn, "reviewer", "请核实会议日期");
        var editor = await host.ActorAsync("editor");
        var form = (await host.Contents().GetAsync(id, editor))!;
        var edit = Governance.Workflows.Definitions.ContentReview.ContentForm.From(form.Item, []);
        edit.BodyHtml = "<p>县教育局于3月2日召开2026年春季开学工作会议。</p>";
        var edited = await host.Contents().UpdateAsync(id, v, editor, edit);
        Assert.Equal(FireStatus.Applied, edited.Status);
        v = edited.NewVersion!.Value;

        var r = await host.Runtime.FireAsync(id, v, T.Submit, editor, FireInput.Empty);

        Assert.Equal((FireStatus.Applied, S.UnitReview), (r.Status, r.NewState));
        await AssertLastEntryAsync(id, T.Submit, S.Returned, S.UnitReview, "editor", "Editor", null);
        var deadline = await host.OpenDeadlineAsync(id);
        Assert.Equal(S.UnitReview, deadline!.State);
        var seq = (await host.JournalAsync(id))[^1].Seq;
        Assert.Equal(deadline.StateEntrySeq, (await host.InstanceAsync(id)).StateEntrySeq);
        Assert.Equal(
        [
            $"reviewer|assigned|待办：信息发布审核「{Title}」待您单位审核|",
            $"reviewer3|assigned|待办：信息发布审核「{Title}」待您单位审核|",
            $"secrecy|assigned|待办：信息发布审核「{Title}」待您单位审核|",
        ], await NotificationsOfEntryAsync(id, seq));
        // The submitted revision holds the corrected text.
        await using (var db = host.NewDbContext())
        {
            var revision = await db.ContentRevisions.SingleAsync(x => x.InstanceId == id);
            Assert.Equal("<p>县教育局于3月2日召开2026年春季开学工作会议。</p>", revision.BodyHtml);
        }
        // And the resubmitted item goes all the way.
        v = r.NewVersion!.Value;
        v = await host.MustFireAsync(id, v, T.UnitApprove, "reviewer", fields: ContentReviewDriver.FiveChecks());
        v = await host.MustFireAsync(id, v, T.SecrecyApprove, "secrecy", fields: ContentReviewDriver.Statement());
        await host.MustFireAsync(id, v, T.Publish, "publisher");
        Assert.Equal(S.Published, (await host.InstanceAsync(id)).State);
    }

    [Theory]
    [InlineData(S.Draft)]
    [InlineData("Returned")]
    public async Task Withdraw_DraftOrReturned_FinalNoDeadlineJournaledNobodyNotified(string state)
    {
        var (id, v) = await ItemAsync(S.Draft);
        if (state == S.Returned) v = await host.DriveAsync(id, v, (T.Submit, "editor", null, null), (T.UnitReturn, "reviewer", "请补充", null));
        var notificationsBefore = await CountNotificationsAsync(id);

        var r = await host.Runtime.FireAsync(id, v, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty);

        Assert.Equal((FireStatus.Applied, S.Withdrawn), (r.Status, r.NewState));
        var instance = await host.InstanceAsync(id);
        Assert.Equal((S.Withdrawn, true, (string?)null, (int?)null), (instance.State, instance.IsFinal, instance.WaitingForRole, instance.WaitingForUnitId));
        await AssertLastEntryAsync(id, T.Withdraw, state, S.Withdrawn, "editor", "Editor", null);
        Assert.Null(await host.OpenDeadlineAsync(id));
        // The creator withdrew it themself: nobody is told.
        Assert.Equal(notificationsBefore, await CountNotificationsAsync(id));
        // Final: no action for anyone, and the text can no longer be edited.
        foreach (var user in new[] { "editor", "reviewer", "publisher", "supervisor" })
            Assert.Empty(await host.Runtime.ActionsAsync(id, await host.ActorAsync(user)));
        Assert.NotNull((await host.Runtime.LoadAsync(id, await host.ActorAsync("editor")))!.EditRefusal);
    }

    [Theory]
    [InlineData(S.UnitReview)]
    [InlineData(S.SecrecyReview)]
    [InlineData(S.ReadyToPublish)]
    [InlineData(S.Published)]
    public async Task Withdraw_OnceSubmitted_IsForbiddenAndChangesNothing(string state)
    {
        var (id, v) = await ItemAsync(state);
        var before = await host.SnapshotAsync(id);
        var r = await host.Runtime.FireAsync(id, v, T.Withdraw, await host.ActorAsync("editor"), FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, r.Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("reviewer", "UnitReviewer")]
    [InlineData("secrecy", "UnitReviewer")]
    [InlineData("publisher", "Publisher")]
    public async Task Retract_PublishedByReviewerOrPublisher_RetractedFinalCreatorNotified(string user, string role)
    {
        var (id, v) = await ItemAsync(S.Published);

        var r = await host.Runtime.FireAsync(id, v, T.Retract, await host.ActorAsync(user), new FireInput("会议时间有误，撤稿更正"));

        Assert.Equal((FireStatus.Applied, S.Retracted), (r.Status, r.NewState));
        var instance = await host.InstanceAsync(id);
        Assert.Equal((S.Retracted, true, (string?)null), (instance.State, instance.IsFinal, instance.WaitingForRole));
        await AssertLastEntryAsync(id, T.Retract, S.Published, S.Retracted, user, role, "会议时间有误，撤稿更正");
        var seq = (await host.JournalAsync(id))[^1].Seq;
        Assert.Equal([$"editor|status|信息发布审核「{Title}」已撤稿|会议时间有误，撤稿更正"], await NotificationsOfEntryAsync(id, seq));
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("supervisor")]
    [InlineData("admin")]
    public async Task Retract_ByNeitherReviewerNorPublisher_IsForbidden(string user)
    {
        var (id, v) = await ItemAsync(S.Published);
        var before = await host.SnapshotAsync(id);
        Assert.Equal(FireStatus.Forbidden, (await host.Runtime.FireAsync(id, v, T.Retract, await host.ActorAsync(user), new FireInput("撤稿"))).Status);
        Assert.Equal(before, await host.SnapshotAsync(id));
    }

    [Fact]
    public async Task Publish_ByAnotherUnitsPublisher_IsRefused_EvenWhenThatUnitIsConcerned()
    {
        // Not concerned: the item does not exist for them.
        var (id, v) = await ItemAsync(S.ReadyToPublish);
        var publisher2 = await host.ActorAsync("publisher2");
        var before = await host.SnapshotAsync(id);
        var notFound = await host.Runtime.FireAsync(id, v, T.Publish, publisher2, FireInput.Empty);
        Assert.Equal(FireStatus.NotFound, notFound.Status);
        Assert.Equal(FireResult.NotFoundMessage, notFound.Message);
        Assert.Equal(before, await host.SnapshotAsync(id));

        // Concerned (a participant unit that has confirmed): they see it, but 发布 belongs to the owner unit.
        var form = new Governance.Workflows.Definitions.ContentReview.ContentForm
        {
            ColumnId = await host.ColumnIdAsync(), Title = Title, BodyHtml = "<p>县教育局与县财政局联合发放助学金。</p>", Category = "动态要闻",
            Origin = "原创", ConcernedUnitIds = [await host.UnitIdAsync("县财政局")],
        };
        var created = await host.Contents().CreateAsync(await host.ActorAsync("editor"), form);
        var id2 = created.InstanceId!.Value;
        var v2 = await host.DriveAsync(id2, 1, (T.Submit, "editor", null, null),
            (T.UnitApprove, "reviewer", null, ContentReviewDriver.FiveChecks()),
            (T.SecrecyApprove, "secrecy", null, ContentReviewDriver.Statement()),
            (T.ConfirmConcerned, "reviewer2", null, null));
        Assert.NotNull(await host.Runtime.LoadAsync(id2, publisher2));
        Assert.DoesNotContain(await host.Runtime.ActionsAsync(id2, publisher2), a => a.Trigger == T.Publish);
        var before2 = await host.SnapshotAsync(id2);
        var forbidden = await host.Runtime.FireAsync(id2, v2, T.Publish, publisher2, FireInput.Empty);
        Assert.Equal(FireStatus.Forbidden, forbidden.Status);
        Assert.Equal("“发布”只能由本单位人员执行。", forbidden.Message);
        Assert.Equal(before2, await host.SnapshotAsync(id2));
        // The owner's publisher may.
        await host.MustFireAsync(id2, v2, T.Publish, "publisher");
    }

    [Fact]
    public async Task ConfirmConcerned_ByConcernedUnitsReviewer_RecordedInJournalAndParticipantRow()
    {
        var form = new Governance.Workflows.Definitions.ContentReview.ContentForm
        {
            ColumnId = await host.ColumnIdAsync(), Title = Title, BodyHtml = "<p>县教育局与县财政局联合发放助学金。</p>", Category = "动态要闻",
            Origin = "原创", ConcernedUnitIds = [await host.UnitIdAsync("县财政局")],
        };
        var id = (await host.Contents().CreateAsync(await host.ActorAsync("editor"), form)).InstanceId!.Value;
        var v = await host.MustFireAsync(id, 1, T.Submit, "editor");

        var r = await host.Runtime.FireAsync(id, v, T.ConfirmConcerned, await host.ActorAsync("reviewer2"), FireInput.Empty);

        Assert.Equal((FireStatus.Applied, S.UnitReview), (r.Status, r.NewState));
        var entry = (await host.JournalAsync(id))[^1];
        Assert.Equal((T.ConfirmConcerned, S.UnitReview, S.UnitReview), (entry.Trigger, entry.FromState, entry.ToState));
        Assert.Contains("\"confirmedUnit\":\"县财政局\"", entry.Data, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        var p = await db.InstanceParticipants.SingleAsync(x => x.InstanceId == id);
        Assert.Equal((1, await host.UserIdAsync("reviewer2"), (string?)null), (p.ConfirmedRevision, p.ConfirmedByUserId, p.WaitingForRole));
        // A stay trigger: the unit review deadline keeps running, nobody new is notified by it.
        Assert.Equal(S.UnitReview, (await host.OpenDeadlineAsync(id))!.State);
        Assert.Empty(await NotificationsOfEntryAsync(id, entry.Seq));
    }

    [Fact]
    public async Task OverridePii_ByReviewer_StaysInDraft_RecordsWhatWasLetThrough_CreatorNotified()
    {
        var (id, v) = await host.CreateW2DraftAsync(title: Title, body: "<p>咨询电话：13812345678</p>");

        var r = await host.Runtime.FireAsync(id, v, T.OverridePii, await host.ActorAsync("reviewer"), new FireInput("工作咨询电话，本人同意公开"));

        Assert.Equal((FireStatus.Applied, S.Draft), (r.Status, r.NewState));
        var entry = (await host.JournalAsync(id))[^1];
        Assert.Equal((T.OverridePii, S.Draft, S.Draft, "工作咨询电话，本人同意公开"), (entry.Trigger, entry.FromState, entry.ToState, entry.Comment));
        Assert.Contains("\"overridden\":\"13812345678\"", entry.Data, StringComparison.Ordinal);
        Assert.Equal([$"editor|status|信息发布审核「{Title}」的隐私信息已由单位审核人放行|工作咨询电话，本人同意公开"],
            await NotificationsOfEntryAsync(id, entry.Seq));
    }

    [Fact]
    public async Task Correct_Published_BackToDraftAsRevisionTwo()
    {
        var (id, v) = await ItemAsync(S.Published);
        var r = await host.Runtime.FireAsync(id, v, T.Correct, await host.ActorAsync("editor"), new FireInput("更正会议时间"));
        Assert.Equal((FireStatus.Applied, S.Draft), (r.Status, r.NewState));
        var entry = (await host.JournalAsync(id))[^1];
        Assert.Equal((T.Correct, S.Published, S.Draft, "更正会议时间"), (entry.Trigger, entry.FromState, entry.ToState, entry.Comment));
        Assert.Contains("\"revision\":\"2\"", entry.Data, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        Assert.Equal(2, (await db.ContentItems.SingleAsync(c => c.InstanceId == id)).RevisionNo);
        // The author corrects their own item: nobody else is asked yet (Draft waits for the unit's editors).
        Assert.Equal([$"reviewer3|assigned|待办：信息发布审核「{Title}」待您草稿|更正会议时间"], await NotificationsOfEntryAsync(id, entry.Seq));
    }

    private async Task<int> CountNotificationsAsync(long id)
    {
        await using var db = host.NewDbContext();
        return await db.Notifications.CountAsync(n => n.InstanceId == id);
    }
}
