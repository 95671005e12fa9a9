namespace Governance.Data.Entities;

/// <summary>
/// One running (or finished) workflow item of any definition. The business data lives in a table of its own keyed by
/// <see cref="Id"/>; this row holds what the runtime, the inbox and the statistics need.
/// </summary>
public sealed class WorkflowInstance
{
    public long Id { get; set; }
    public required string DefinitionKey { get; set; }
    /// <summary>The definition version the instance started on; it keeps it for life.</summary>
    public int DefinitionVersion { get; set; }
    public required string State { get; set; }
    public required string Title { get; set; }
    /// <summary>Human-readable number, e.g. ZL-2026-00012.</summary>
    public required string Number { get; set; }
    /// <summary>The unit the item belongs to (applicant, author's unit, assigned unit, finding's unit).</summary>
    public int? OwnerUnitId { get; set; }
    public Unit? OwnerUnit { get; set; }
    /// <summary>
    /// The unit the item has been handed to, when it is not the owner's own work (a message assigned to a bureau, a
    /// finding issued to a town). Null while the owner handles it. Waiting states scoped to the handling unit follow it.
    /// </summary>
    public int? HandlingUnitId { get; set; }
    public Unit? HandlingUnit { get; set; }
    /// <summary>Who acts next: the inbox query reads these two columns.</summary>
    public string? WaitingForRole { get; set; }
    public int? WaitingForUnitId { get; set; }
    public bool IsFinal { get; set; }
    /// <summary>Incremented on every state entry; deadlines and reminders are keyed by it.</summary>
    public int StateEntrySeq { get; set; }
    public DateTime StateEnteredAtUtc { get; set; }
    /// <summary>
    /// The due time of the open deadline (the current step's, or its span's); null when none is open. Kept by the
    /// deadline planner with the deadline itself, so that lists, the 工作台 and overdue figures sort and filter on an
    /// indexed column instead of a subquery per row (docs/PERFORMANCE.md, issue 11).
    /// </summary>
    public DateTime? DueAtUtc { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    /// <summary>Optimistic concurrency token: a fire on a stale version is a conflict.</summary>
    public int Version { get; set; }
}
