namespace Governance.Workflows.Notifications;

/// <summary>
/// Small events every node of the portal must hear: "instance 12 changed", "these users' notifications changed", "the
/// settings / pre-check rules / calendar were edited, drop your cache". On SQLite (one node) they stay in the process
/// (<see cref="InProcessClusterEvents"/>); on PostgreSQL they also travel to the other nodes over LISTEN/NOTIFY
/// (<see cref="PostgresClusterEvents"/>). Handlers run on the publishing node at once and on the others when the
/// notification arrives; they must be quick and must not throw.
/// </summary>
public interface IClusterEvents
{
    /// <summary>Publishes after the change is committed. Topics and payloads are short ASCII words (ids, keys).</summary>
    void Publish(string topic, string payload);

    /// <summary>Handles a topic on this node, whichever node published. <see cref="ResyncPayload"/> means "events may have been lost".</summary>
    void Subscribe(string topic, Action<string> handler);

    /// <summary>
    /// Delivered to every handler after a node's link to the others was (re)established: what was published meanwhile is
    /// unknown, so caches drop everything.
    /// </summary>
    public const string ResyncPayload = "*";
}

/// <summary>The one-node implementation: handlers are called in the publishing thread.</summary>
public class InProcessClusterEvents : IClusterEvents
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Action<string>>> _handlers = [];

    public virtual void Publish(string topic, string payload) => Deliver(topic, payload);

    public void Subscribe(string topic, Action<string> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic, out var list)) _handlers[topic] = list = [];
            list.Add(handler);
        }
    }

    /// <summary>Calls this node's handlers of the topic.</summary>
    protected void Deliver(string topic, string payload)
    {
        Action<string>[] handlers;
        lock (_gate) handlers = _handlers.TryGetValue(topic, out var list) ? [.. list] : [];
        foreach (var h in handlers) h(payload);
    }

    /// <summary>Calls every handler with <see cref="IClusterEvents.ResyncPayload"/>.</summary>
    protected void DeliverResync()
    {
        string[] topics;
        lock (_gate) topics = [.. _handlers.Keys];
        foreach (var t in topics) Deliver(t, IClusterEvents.ResyncPayload);
    }
}
