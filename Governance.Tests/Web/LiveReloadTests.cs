using System.Diagnostics;
using Governance.Data.Entities;
using Governance.Web.Features.Shared;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;

namespace Governance.Tests.Web;

/// <summary>
/// The pace of live lists (<see cref="LiveReload"/>): a burst of changes is one reload, reloads come no closer than the
/// minimum interval, a later change is never lost, and a disposed page never reloads. Lower bounds only: a slow machine
/// cannot make these fail, and an upper wait is generous.
/// </summary>
public sealed class LiveReloadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private sealed class Page
    {
        public readonly List<long> ReloadedAt = [];
        public readonly SemaphoreSlim Reloaded = new(0);

        public Task ReloadAsync()
        {
            lock (ReloadedAt) ReloadedAt.Add(Environment.TickCount64);
            Reloaded.Release();
            return Task.CompletedTask;
        }
    }

    // The component's InvokeAsync, without a renderer: the work runs where it is started.
    private static Task Invoke(Func<Task> work) => work();

    [Fact]
    public async Task BurstOfChanges_IsOneReload_AndTheNextComesNoSoonerThanTheInterval()
    {
        var feed = new ChangeFeed(new InProcessClusterEvents());
        var page = new Page();
        using var live = new LiveReload(feed, Invoke, page.ReloadAsync);

        var started = Stopwatch.StartNew();
        for (var id = 1; id <= 20; id++) feed.PublishInstance(id);
        Assert.True(await page.Reloaded.WaitAsync(Generous), "the burst was never reloaded");
        Assert.True(started.Elapsed >= LiveReload.Delay - TimeSpan.FromMilliseconds(20), $"reloaded after {started.Elapsed.TotalMilliseconds} ms");
        await Task.Delay(LiveReload.Delay * 2);
        Assert.Single(page.ReloadedAt); // twenty changes, one reload

        // A change right after the reload: reloaded, but not before the interval since the last reload has passed.
        feed.PublishInstance(21);
        feed.PublishInstance(22);
        Assert.True(await page.Reloaded.WaitAsync(Generous), "the change after a reload was lost");
        long first, second;
        lock (page.ReloadedAt) (first, second) = (page.ReloadedAt[0], page.ReloadedAt[1]);
        Assert.True(second - first >= LiveReload.MinInterval.TotalMilliseconds - 20, $"second reload {second - first} ms after the first");
        Assert.Equal(2, page.ReloadedAt.Count);
    }

    [Fact]
    public async Task ADisposedPage_NeverReloads_EvenWithAReloadPending()
    {
        var feed = new ChangeFeed(new InProcessClusterEvents());
        var page = new Page();
        var live = new LiveReload(feed, Invoke, page.ReloadAsync);

        feed.PublishInstance(1);
        Assert.True(await page.Reloaded.WaitAsync(Generous));

        // Disposed while a reload is pending: it never runs; disposed with none pending: later changes are not heard.
        var other = new Page();
        var pending = new LiveReload(feed, Invoke, other.ReloadAsync);
        feed.PublishInstance(2);
        pending.Dispose();
        live.Dispose();
        feed.PublishInstance(3);
        await Task.Delay(LiveReload.Delay * 3);
        Assert.Empty(other.ReloadedAt);
        Assert.Single(page.ReloadedAt);
    }

    [Fact]
    public async Task AUnitUsersList_HearsOnlyItsUnitsItems_ACountyReaderHearsEvery()
    {
        var feed = new ChangeFeed(new InProcessClusterEvents());
        var editor = new Actor("u-editor", "李信息", 3, "县教育局", new HashSet<string> { Roles.Editor });
        var monitor = new Actor("u-monitor", "王监测", 9, "县数字化信息服务中心", new HashSet<string> { Roles.Monitor });
        var unitPage = new Page();
        var countyPage = new Page();
        using var unitLive = new LiveReload(feed, Invoke, unitPage.ReloadAsync, editor);
        using var countyLive = new LiveReload(feed, Invoke, countyPage.ReloadAsync, monitor);

        // An item of units 5 and 9 (not 3): the county list reloads, the bureau's does not.
        feed.PublishInstance(1, [5, 9]);
        Assert.True(await countyPage.Reloaded.WaitAsync(Generous), "the county-wide list missed a change");
        await Task.Delay(LiveReload.Delay * 3);
        Assert.Empty(unitPage.ReloadedAt);

        // An item unit 3 sees: the bureau's list reloads.
        feed.PublishInstance(2, [3, 9]);
        Assert.True(await unitPage.Reloaded.WaitAsync(Generous), "the bureau's own item did not reload its list");

        // A change whose units are not known reaches every list, after the interval since its last reload.
        feed.PublishInstance(3);
        Assert.True(await unitPage.Reloaded.WaitAsync(Generous), "a change of unknown reach was lost");
        Assert.Equal(2, unitPage.ReloadedAt.Count);
    }
}
