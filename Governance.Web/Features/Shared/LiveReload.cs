using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;

namespace Governance.Web.Features.Shared;

/// <summary>
/// A page's live update after items change anywhere in the county: one reload at a time per circuit, the first a short
/// <see cref="Delay"/> after a change (a burst of changes is one reload), the next no sooner than <see cref="MinInterval"/>
/// after the last one. Without the interval, N clerks with the same list open re-query and re-render on every action
/// anybody takes — work per action that grows with the number of circuits (the fan-out the capacity run measured). A list
/// is then at most a couple of seconds behind; an item's own page (the detail shell) follows its item at once.
/// A unit user's list hears only the changes of items their unit can see (<see cref="InstanceChange.Concerns"/>): a
/// clerk's 签收 in one bureau does not make every other bureau's 工作台 read itself again.
/// </summary>
public sealed class LiveReload : IDisposable
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private readonly ChangeFeed _feed;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<Task> _reload;
    private readonly Actor? _reader;
    private int _pending;
    // The pace of a screen is wall-clock time (Environment.TickCount64), not the workflows' TimeProvider: a test's fake
    // clock that stands still must not stop pages from updating. Read and written on the circuit's dispatcher only.
    private long? _lastReload;
    private volatile bool _disposed;

    /// <param name="feed">The change feed (every node's changes, <see cref="ChangeFeed"/>).</param>
    /// <param name="invoke">The component's <c>InvokeAsync</c>: the reload runs on the circuit's dispatcher.</param>
    /// <param name="reload">Reads the data again and renders (<c>StateHasChanged</c>).</param>
    /// <param name="reader">
    /// Who reads the list, when it shows only what they may see (<see cref="Visibility"/>): a unit user's list then ignores
    /// changes that concern no item of their unit. Null (or a county-wide reader): every change.
    /// </param>
    public LiveReload(ChangeFeed feed, Func<Func<Task>, Task> invoke, Func<Task> reload, Actor? reader = null)
    {
        (_feed, _invoke, _reload, _reader) = (feed, invoke, reload, reader);
        _feed.InstanceChanged += OnChanged;
    }

    private void OnChanged(InstanceChange change)
    {
        if (_disposed) return;
        if (_reader is { SeesAllUnits: false } unitUser && !change.Concerns(unitUser.UnitId)) return;
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        _ = _invoke(async () =>
        {
            var wait = _lastReload is { } last
                ? TimeSpan.FromMilliseconds(Math.Max(Delay.TotalMilliseconds, MinInterval.TotalMilliseconds - (Environment.TickCount64 - last)))
                : Delay;
            await Task.Delay(wait);
            Interlocked.Exchange(ref _pending, 0);
            if (_disposed) return;
            _lastReload = Environment.TickCount64;
            await _reload();
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _feed.InstanceChanged -= OnChanged;
    }
}
