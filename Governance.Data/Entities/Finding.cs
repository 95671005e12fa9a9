namespace Governance.Data.Entities;

/// <summary>
/// W4 整改跟踪: a problem found on the website (第13条, 第19条(四), 第20条(一), 第21条), issued to a unit and tracked until
/// a Monitor verifies it fixed (已销号). Keyed by its workflow instance; the instance's handling unit is the unit that must
/// rectify it.
/// </summary>
public sealed class Finding
{
    public long InstanceId { get; set; }
    /// <summary>The origin's own key when one exists (the staleness sweep: "column:{id}:lapse:{n}"): UNIQUE, so a lapse opens
    /// one finding however often or concurrently the sweep runs.</summary>
    public string? SourceRef { get; set; }
    /// <summary>日常监测 / 季度检查 / 上级检查 / 网民举报 / 媒体报道 / 系统巡检.</summary>
    public required string Source { get; set; }
    /// <summary>The national "我为政府网站找错" types and the county's own (错敏词, 隐私泄露, 空白栏目 …).</summary>
    public required string Category { get; set; }
    public FindingSeverity Severity { get; set; }
    public required string Description { get; set; }
    public string? Url { get; set; }
    public int? ColumnId { get; set; }
    public Column? Column { get; set; }
    public int? CampaignId { get; set; }
    public InspectionCampaign? Campaign { get; set; }
    /// <summary>The working days the unit has to rectify (the severity's default or the Monitor's own figure).</summary>
    public int WorkingDays { get; set; }
    public DateTime FoundAtUtc { get; set; }
    /// <summary>A finding against the same column (or URL) and category within 90 days of the previous one.</summary>
    public bool IsRepeat { get; set; }
    public long? RepeatOfInstanceId { get; set; }

    /// <summary>The unit's rectification report (整改报告) and the address of the corrected page.</summary>
    public string? Report { get; set; }
    public string? ReportUrl { get; set; }
    public DateTime? SubmittedAtUtc { get; set; }
    /// <summary>The rectification deadline that applied to the last submission.</summary>
    public DateTime? DueAtUtc { get; set; }
    public int RejectCount { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    /// <summary>Whether the report that was verified had been submitted by its deadline (fixed at 销号).</summary>
    public bool? RectifiedOnTime { get; set; }
    public bool IsCancelled { get; set; }
}

public enum FindingSeverity
{
    /// <summary>一般: 5 working days by default.</summary>
    General = 0,
    /// <summary>严重: 2 working days.</summary>
    Serious = 1,
    /// <summary>单项否决: 1 working day (a national veto indicator).</summary>
    Veto = 2,
}

/// <summary>An inspection campaign (检查批次): a quarter's inspection (第20条(一)) or an inspection from above (中省市).</summary>
public sealed class InspectionCampaign
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>季度检查 / 上级检查.</summary>
    public required string Kind { get; set; }
    public int Year { get; set; }
    /// <summary>1–4 for a quarterly campaign.</summary>
    public int? Quarter { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
