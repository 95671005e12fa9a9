namespace Governance.Workflows.Notifications;

/// <summary>
/// In-process feed of "something changed" for open Blazor circuits: the bell reloads its count, lists and detail pages
/// refresh. Published after a transaction commits; subscribers must not block.
/// </summary>
public sealed class ChangeFeed
{
    public event Action<string>? NotificationsChanged;
    public event Action<long>? InstanceChanged;

    public void PublishNotifications(IEnumerable<string> userIds)
    {
        foreach (var id in userIds.Distinct()) NotificationsChanged?.Invoke(id);
    }

    public void PublishInstance(long instanceId) => InstanceChanged?.Invoke(instanceId);
}
