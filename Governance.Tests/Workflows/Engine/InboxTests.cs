using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;
using T = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.T;

namespace Governance.Tests.Workflows.Engine;

/// <summary>工作台: what waits for whom, limited by unit, with the open deadline and the overdue flag.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() => host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<List<long>> InboxIdsAsync(string user) =>
        (await host.Inbox.ForAsync(await host.ActorAsync(user))).Select(i => i.InstanceId).ToList();

    [Fact]
    public async Task ForAsync_ItemInUnitReview_ShownToOwnUnitsReviewersOnly()
    {
        var (mine, _) = await host.DriveW1Async(S.UnitReview);
        var (theirs, _) = await host.DriveW1Async(S.UnitReview, "editor2", "reviewer2");

        var item = Assert.Single(await host.Inbox.ForAsync(await host.ActorAsync("reviewer")));
        Assert.Equal(mine, item.InstanceId);
        Assert.Equal("W1", item.DefinitionKey);
        Assert.Equal("专题专栏开设申请", item.DefinitionName);
        Assert.Equal(S.UnitReview, item.State);
        Assert.Equal("单位审核", item.StateName);
        Assert.Equal("县教育局", item.UnitName);
        Assert.Equal(Roles.UnitReviewer, item.WaitingForRole);
        Assert.Equal(new DateTime(2026, 3, 4, 15, 59, 59), item.DueAtUtc);
        Assert.False(item.IsOverdue);
        Assert.Equal($"/column-requests/{mine}", item.Link);
        Assert.Matches(@"^ZL-2026-\d{5}$", item.Number);

        Assert.Equal([mine], await InboxIdsAsync("reviewer3"));
        Assert.Equal([theirs], await InboxIdsAsync("reviewer2"));
        // A county-level user who is UnitReviewer of another unit: not theirs to review.
        Assert.Empty(await InboxIdsAsync("supreviewer"));
        Assert.Empty(await InboxIdsAsync("editor"));
        Assert.Empty(await InboxIdsAsync("supervisor"));
        Assert.Equal(1, await host.Inbox.CountAsync(await host.ActorAsync("reviewer")));
        Assert.Equal(1, await host.Inbox.CountAsync(await host.ActorAsync("reviewer2")));
        Assert.Equal(0, await host.Inbox.CountAsync(await host.ActorAsync("supreviewer")));
    }

    [Fact]
    public async Task ForAsync_Supervisor_SeesBureauReviewItemsOfAllUnits()
    {
        var (a, _) = await host.DriveW1Async(S.BureauReview);
        var (b, _) = await host.DriveW1Async(S.BureauReview, "editor2", "reviewer2");
        await host.DriveW1Async(S.UnitReview);
        await host.DriveW1Async(S.Setup);

        var items = await host.Inbox.ForAsync(await host.ActorAsync("supervisor"));

        Assert.Equal(new[] { a, b }.Order(), items.Select(i => i.InstanceId).Order());
        Assert.Equal(["县教育局", "县财政局"], items.Select(i => i.UnitName!).Order());
        Assert.All(items, i => Assert.Equal("审批", i.StateName));
        Assert.Equal(2, await host.Inbox.CountAsync(await host.ActorAsync("supervisor2")));
        var reviewers = (await InboxIdsAsync("reviewer")).Concat(await InboxIdsAsync("reviewer2")).ToList();
        Assert.DoesNotContain(a, reviewers);
        Assert.DoesNotContain(b, reviewers);
        Assert.Single(await InboxIdsAsync("monitor"));
    }

    [Fact]
    public async Task ForAsync_ReturnedItem_WaitsForOwnUnitsEditors()
    {
        var (id, _) = await host.DriveW1Async(S.Returned);
        await host.DriveW1Async(S.Draft, "editor2");
        Assert.Contains(id, await InboxIdsAsync("editor"));
        Assert.DoesNotContain(id, await InboxIdsAsync("editor2"));
        Assert.DoesNotContain(id, await InboxIdsAsync("reviewer"));
    }

    [Fact]
    public async Task ForAsync_FinalItem_IsInNobodysInbox()
    {
        var (id, _) = await host.DriveW1Async(S.Rejected);
        foreach (var user in WorkflowTestHost.AllUserNames) Assert.DoesNotContain(id, await InboxIdsAsync(user));
    }

    [Fact]
    public async Task ForAsync_ClockPassesDue_FlagsOverdueAndListsItFirst()
    {
        var (late, _) = await host.DriveW1Async(S.UnitReview);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        var (onTime, v) = await host.CreateDraftAsync();
        await host.MustFireAsync(onTime, v, T.Submit, "editor");

        var reviewer = await host.ActorAsync("reviewer");
        var before = await host.Inbox.ForAsync(reviewer);
        Assert.Equal([late, onTime], before.Select(i => i.InstanceId));
        Assert.All(before, i => Assert.False(i.IsOverdue));

        // Exactly at the deadline: not yet overdue.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 23, 59, 59, TimeSpan.FromHours(8)));
        Assert.All(await host.Inbox.ForAsync(reviewer), i => Assert.False(i.IsOverdue));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await host.Inbox.ForAsync(reviewer);
        Assert.Equal(late, after[0].InstanceId);
        Assert.True(after[0].IsOverdue);
        Assert.False(after.Single(i => i.InstanceId == onTime).IsOverdue);

        // Acting on it removes it from the inbox.
        var item = await host.InstanceAsync(late);
        await host.MustFireAsync(late, item.Version, T.UnitApprove, "reviewer");
        Assert.DoesNotContain(late, await InboxIdsAsync("reviewer"));
    }

    [Fact]
    public async Task PageAsync_PagesBothSourcesOnce_CountsInTheHeader_AndClampsAPagePastTheEnd()
    {
        var (late, _) = await host.DriveW1Async(S.UnitReview);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        var (onTime, v) = await host.CreateDraftAsync();
        await host.MustFireAsync(onTime, v, T.Submit, "editor");
        // 县财政局's item that concerns 县教育局: its reviewer owes a confirmation (the participating source).
        var form = new Governance.Workflows.Definitions.ContentReview.ContentForm
        {
            ColumnId = await host.ColumnIdAsync("县财政局"), Title = "县财政局与县教育局联合发放助学金", BodyHtml = "<p>助学金发放通知。</p>",
            ConcernedUnitIds = [await host.UnitIdAsync("县教育局")],
        };
        var shared = (await host.Contents().CreateAsync(await host.ActorAsync("editor2"), form)).InstanceId!.Value;
        await host.MustFireAsync(shared, 1, Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.T.Submit, "editor2");
        var reviewer = await host.ActorAsync("reviewer");

        // One item a page: three pages, each item on exactly one of them; the header counts all three.
        var seen = new List<long>();
        for (var page = 0; page < 3; page++)
        {
            var view = await host.Inbox.PageAsync(reviewer, page, 1);
            Assert.Equal((page, 3, 0), (view.Page, view.Total, view.Overdue));
            seen.Add(Assert.Single(view.Items).InstanceId);
        }
        Assert.Equal(new[] { late, onTime, shared }.Order(), seen.Order());
        // The W1 items by deadline: the one submitted first is due first.
        Assert.True(seen.IndexOf(late) < seen.IndexOf(onTime));

        // A page past the end (the list got shorter while the clerk was on it) is the last page.
        var clamped = await host.Inbox.PageAsync(reviewer, 7, 2);
        Assert.Equal((1, 3), (clamped.Page, clamped.Total));
        Assert.Single(clamped.Items);

        // Past the first item's deadline: the header counts one overdue.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.FromHours(8)));
        var later = await host.Inbox.PageAsync(reviewer, 0, 50);
        Assert.Equal((3, 1), (later.Total, later.Overdue));
        Assert.Equal(late, later.Items[0].InstanceId);
        Assert.True(later.Items[0].IsOverdue);

        // Nothing waiting: an empty first page.
        var none = await host.Inbox.PageAsync(await host.ActorAsync("publisher"), 3, 50);
        Assert.Equal((0, 0, 0, 0), (none.Page, none.Total, none.Overdue, none.Items.Count));
    }
}
