using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Engine;
using S = Governance.Workflows.Definitions.ColumnRequests.ColumnRequestWorkflow.S;

namespace Governance.Tests.Workflows.Engine;

/// <summary>
/// A 工作台 page read once for the open circuits of one unit and roles (<see cref="SharedInboxPages"/>): readers between
/// two changes share it, another unit or page is read for itself, and a change — or a second — makes the next reader read
/// again, so nobody is shown a page older than the last change they heard of.
/// </summary>
public sealed class SharedInboxPagesTests : IAsyncLifetime
{
    private WorkflowTestHost host = null!;

    public async Task InitializeAsync() => host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task ReadersOfOneUnit_ShareAPage_UntilAChange_ThenSeeTheChange()
    {
        var shared = host.Get<SharedInboxPages>();
        var (first, _) = await host.DriveW1Async(S.UnitReview);
        var reviewer = await host.ActorAsync("reviewer");
        var reviewer3 = await host.ActorAsync("reviewer3"); // 县教育局 too, but also an editor: other roles, another page
        var reviewer2 = await host.ActorAsync("reviewer2"); // 县财政局

        var a = await shared.PageAsync(reviewer, 0, 50);
        var b = await shared.PageAsync(reviewer with { UserId = "another-circuit", Name = "同单位另一位审核人" }, 0, 50);
        Assert.Same(a, b); // one read for both
        Assert.Equal([first], a.Items.Select(i => i.InstanceId));
        Assert.NotSame(a, await shared.PageAsync(reviewer2, 0, 50));
        Assert.NotSame(a, await shared.PageAsync(reviewer3, 0, 50));
        Assert.NotSame(a, await shared.PageAsync(reviewer, 1, 50));

        // A second item reaches 县教育局's unit review: the change is published, the next reader reads again and sees both.
        var (second, _) = await host.DriveW1Async(S.UnitReview);
        var c = await shared.PageAsync(reviewer, 0, 50);
        Assert.NotSame(a, c);
        Assert.Equal(new[] { first, second }.Order(), c.Items.Select(i => i.InstanceId).Order());

        // Without a change, a page is shared for at most MaxAge (the overdue flags move with the clock).
        Assert.Same(c, await shared.PageAsync(reviewer, 0, 50));
        await Task.Delay(SharedInboxPages.MaxAge + TimeSpan.FromMilliseconds(100));
        Assert.NotSame(c, await shared.PageAsync(reviewer, 0, 50));
    }
}
