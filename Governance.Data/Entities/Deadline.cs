namespace Governance.Data.Entities;

/// <summary>A waiting state's deadline: opened on entering the state, closed on leaving it.</summary>
public sealed class Deadline
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public WorkflowInstance? Instance { get; set; }
    public int StateEntrySeq { get; set; }
    public required string State { get; set; }
    public int? ResponsibleUnitId { get; set; }
    public required string ResponsibleRole { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime DueAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    /// <summary>Whether the year(s) crossed had a published holiday schedule when the deadline was computed.</summary>
    public bool CalendarKnown { get; set; } = true;
    public List<Reminder> Reminders { get; set; } = [];
}

public enum ReminderLevel
{
    /// <summary>One working day before the deadline, to the responsible role.</summary>
    Before,
    /// <summary>On the deadline day (start of it), to the responsible role.</summary>
    Due,
    /// <summary>Right after the deadline, to the responsible role.</summary>
    Overdue,
    /// <summary>After the deadline, to the supervising roles.</summary>
    Escalation,
}

public enum ReminderStatus { Pending, Sent, Cancelled }

/// <summary>One reminder level of a deadline. UNIQUE (DeadlineId, Level): acted on once, whatever the retries.</summary>
public sealed class Reminder
{
    public long Id { get; set; }
    public long DeadlineId { get; set; }
    public Deadline? Deadline { get; set; }
    public ReminderLevel Level { get; set; }
    public DateTime FireAtUtc { get; set; }
    public ReminderStatus Status { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>Comma-separated roles to notify at this level.</summary>
    public required string NotifyRoles { get; set; }
}
