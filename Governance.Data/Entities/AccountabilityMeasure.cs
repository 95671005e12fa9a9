namespace Governance.Data.Entities;

/// <summary>
/// 问责措施 (第21–22条): a measure an AccountabilityOfficer of 县政府办公室 records against a unit — 责令整改, 约谈, 书面检查,
/// 通报批评, 移交严肃处理 — with its date, reason, linked findings and messages, and documents (the instance's attachments).
/// Keyed by its workflow instance; the measures that need the unit to answer (书面检查, 责令整改) carry a deadline and the
/// unit's reply.
/// </summary>
public sealed class AccountabilityMeasure
{
    public long InstanceId { get; set; }
    /// <summary>The unit the measure is taken against.</summary>
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    /// <summary>责令整改 / 约谈 / 书面检查 / 通报批评 / 移交严肃处理.</summary>
    public required string Kind { get; set; }
    public DateOnly MeasureDate { get; set; }
    public required string Reason { get; set; }
    public bool NeedsReply { get; set; }
    /// <summary>Working days the unit has to answer (for the measures that need a reply).</summary>
    public int? ReplyWorkingDays { get; set; }
    public string? ReplyText { get; set; }
    public DateTime? RepliedAtUtc { get; set; }
    public bool? RepliedOnTime { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>A finding or message a measure refers to.</summary>
public sealed class MeasureLink
{
    public long Id { get; set; }
    public long MeasureInstanceId { get; set; }
    /// <summary>The linked W4 finding or W3 message (its workflow instance).</summary>
    public long LinkedInstanceId { get; set; }
}

/// <summary>A quarterly circular (通报) generated for a campaign (第20条(一)): its number is kept once given.</summary>
public sealed class Circular
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public InspectionCampaign? Campaign { get; set; }
    public int Year { get; set; }
    /// <summary>The sequence within the year: 扶政网通〔2026〕3号.</summary>
    public int Seq { get; set; }
    public required string Number { get; set; }
    public required string Title { get; set; }
    public required string GeneratedByUserId { get; set; }
    public DateTime GeneratedAtUtc { get; set; }
}
