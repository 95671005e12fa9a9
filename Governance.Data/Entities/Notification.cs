namespace Governance.Data.Entities;

public sealed class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>e.g. assigned, reminder, overdue, escalation, returned, done.</summary>
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Link { get; set; }
    public long? InstanceId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ReadAtUtc { get; set; }
    /// <summary>UNIQUE: a notification with the same key is never created twice (exactly-once in effect).</summary>
    public required string DedupKey { get; set; }
}
