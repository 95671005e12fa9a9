using System.Globalization;

namespace Governance.Workflows.Notifications;

/// <summary>
/// An item changed: its id, and the units whose people may see it before or after the change (owner, handling and
/// participant units, <see cref="Engine.Visibility"/>). A unit user's list can only gain, lose or alter a row of an item
/// their unit can see, so a list whose reader is not in <see cref="Units"/> need not reload. Null units: not known, every
/// list may be concerned.
/// </summary>
public sealed record InstanceChange(long InstanceId, IReadOnlySet<int>? Units = null)
{
    /// <summary>Whether the change may touch what people of <paramref name="unitId"/> see (county-wide readers: always).</summary>
    public bool Concerns(int unitId) => Units is null || Units.Contains(unitId);

    /// <summary>"42" (units not known) or "42|3,7" (units 3 and 7; "42|" for none): short ASCII for a NOTIFY payload.</summary>
    public string ToPayload() => Units is null
        ? InstanceId.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{InstanceId}|{string.Join(',', Units.Order())}");

    /// <summary>Reads <see cref="ToPayload"/>; null for anything else (a resync, a malformed payload).</summary>
    public static InstanceChange? Parse(string payload)
    {
        var bar = payload.IndexOf('|');
        if (!long.TryParse(bar < 0 ? payload : payload[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        if (bar < 0) return new InstanceChange(id);
        var units = new HashSet<int>();
        foreach (var part in payload[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var unit)) return new InstanceChange(id);
            units.Add(unit);
        }
        return new InstanceChange(id, units);
    }
}

/// <summary>
/// Feed of "something changed" for open Blazor circuits: the bell reloads its count, lists and detail pages refresh.
/// Published after a transaction commits; subscribers must not block. It travels as <see cref="IClusterEvents"/>: in the
/// process on SQLite, to every node over LISTEN/NOTIFY on PostgreSQL (a change on node A refreshes a page open on node B).
/// </summary>
public sealed class ChangeFeed
{
    public const string InstanceTopic = "instance";
    public const string NotificationsTopic = "notifications";

    private readonly IClusterEvents _events;

    public ChangeFeed(IClusterEvents events)
    {
        _events = events;
        events.Subscribe(InstanceTopic, p =>
        {
            if (InstanceChange.Parse(p) is { } change) InstanceChanged?.Invoke(change);
        });
        events.Subscribe(NotificationsTopic, p =>
        {
            if (p == IClusterEvents.ResyncPayload) return;
            foreach (var id in p.Split(',', StringSplitOptions.RemoveEmptyEntries)) NotificationsChanged?.Invoke(id);
        });
    }

    public event Action<string>? NotificationsChanged;
    public event Action<InstanceChange>? InstanceChanged;

    public void PublishNotifications(IEnumerable<string> userIds)
    {
        foreach (var chunk in PostgresClusterEvents.Chunk(userIds.Distinct())) _events.Publish(NotificationsTopic, chunk);
    }

    /// <param name="instanceId">The item.</param>
    /// <param name="units">The units that may see it before or after the change; null when not known (every list reloads).</param>
    public void PublishInstance(long instanceId, IEnumerable<int>? units = null)
    {
        var payload = new InstanceChange(instanceId, units?.ToHashSet()).ToPayload();
        // More units than a NOTIFY carries (never in a county): everyone reloads rather than anyone missing the change.
        if (payload.Length > PostgresClusterEvents.MaxPayload) payload = new InstanceChange(instanceId).ToPayload();
        _events.Publish(InstanceTopic, payload);
    }
}
