namespace Governance.Data.Entities;

/// <summary>
/// A unit that takes part in an item without owning it (W2: units the content concerns, 第19条(三)); it may see the
/// item and act where a trigger allows participant units. ConfirmedRevision: the revision it confirmed, if any.
/// </summary>
public sealed class InstanceParticipant
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public int? ConfirmedRevision { get; set; }
    public string? ConfirmedByUserId { get; set; }
    public DateTime? ConfirmedAtUtc { get; set; }
    /// <summary>
    /// The role in this unit whose action is pending (W2: the concerned unit's UnitReviewer must confirm); the 工作台
    /// shows the item to them while it is set. Null when nothing is pending.
    /// </summary>
    public string? WaitingForRole { get; set; }
}
