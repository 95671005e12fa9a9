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
}
