namespace Governance.Data.Entities;

/// <summary>Append-only history of an instance: one row per transition (and per recorded action).</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public int Seq { get; set; }
    public DateTime AtUtc { get; set; }
    public required string ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public required string ActorRole { get; set; }
    public int? ActorUnitId { get; set; }
    public string? ActorUnitName { get; set; }
    public required string Trigger { get; set; }
    public required string FromState { get; set; }
    public required string ToState { get; set; }
    public string? Comment { get; set; }
    /// <summary>Structured extras (JSON): checklists, overrides, URLs recorded by the step.</summary>
    public string? Data { get; set; }
}
