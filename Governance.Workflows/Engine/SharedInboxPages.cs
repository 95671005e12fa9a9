using System.Collections.Concurrent;
using Governance.Workflows.Notifications;

namespace Governance.Workflows.Engine;

/// <summary>
/// The 工作台 pages open circuits read when items change, read once for all the circuits that show the same page. What a
/// 工作台 shows depends only on the reader's unit and roles (<see cref="Inbox"/>, <see cref="Visibility"/>), and a change
/// makes every open 工作台 of that unit reload within the same fraction of a second (<c>LiveReload</c>): without this,
/// N clerks of a unit ran the same queries N times for each change. A page read is shared only by readers that start
/// after the same last change (the feed's generation) and within <see cref="MaxAge"/> of it being read — so a reader
/// never gets a page older than the last change it heard of, and the time-dependent parts (overdue) are seconds old
/// at most.
/// </summary>
public sealed class SharedInboxPages
{
    /// <summary>How long a page read is shared: one wave of reloads after a change.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private sealed record Entry(long Generation, long ReadAt, Lazy<Task<InboxView>> View);

    private readonly Inbox _inbox;
    private readonly ConcurrentDictionary<string, Entry> _pages = new(StringComparer.Ordinal);
    private long _generation;

    public SharedInboxPages(Inbox inbox, ChangeFeed feed)
    {
        _inbox = inbox;
        feed.InstanceChanged += _ => Interlocked.Increment(ref _generation);
    }

    /// <summary><see cref="Inbox.PageAsync"/>, shared with the other readers of the same unit, roles and page.</summary>
    public Task<InboxView> PageAsync(Actor actor, int page, int pageSize)
    {
        // The wall clock, as LiveReload's pace: a test's fake TimeProvider that stands still must not keep a page forever.
        var now = Environment.TickCount64;
        var generation = Interlocked.Read(ref _generation);
        // Unit and roles are all the page depends on (county-wide sight and the system actor follow from the roles).
        var key = $"{actor.UnitId}|{string.Join(',', actor.Roles.Order(StringComparer.Ordinal))}|{page}|{pageSize}";
        var entry = _pages.AddOrUpdate(key,
            _ => Read(actor, page, pageSize, generation, now),
            (_, old) => old.Generation == generation && now - old.ReadAt <= MaxAge.TotalMilliseconds && !old.View.Value.IsFaulted
                ? old
                : Read(actor, page, pageSize, generation, now));
        return entry.View.Value;
    }

    // Lazy: AddOrUpdate may call its factories more than once under contention; only the stored entry's read runs.
    private Entry Read(Actor actor, int page, int pageSize, long generation, long now) =>
        new(generation, now, new Lazy<Task<InboxView>>(() => _inbox.PageAsync(actor, page, pageSize)));
}
