using System.Diagnostics;
using Governance.Web.Features.Shared;
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
}
