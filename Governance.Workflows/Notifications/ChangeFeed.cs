namespace Governance.Workflows.Notifications;

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
            if (long.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                InstanceChanged?.Invoke(id);
        });
        events.Subscribe(NotificationsTopic, p =>
        {
            if (p == IClusterEvents.ResyncPayload) return;
            foreach (var id in p.Split(',', StringSplitOptions.RemoveEmptyEntries)) NotificationsChanged?.Invoke(id);
        });
    }

    public event Action<string>? NotificationsChanged;
    public event Action<long>? InstanceChanged;

    public void PublishNotifications(IEnumerable<string> userIds)
    {
        foreach (var chunk in PostgresClusterEvents.Chunk(userIds.Distinct())) _events.Publish(NotificationsTopic, chunk);
    }

    public void PublishInstance(long instanceId) =>
        _events.Publish(InstanceTopic, instanceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
