namespace Governance.Data.Entities;

/// <summary>栏目台账: every column of the portal (第10条, 第13条, 第19条(二)).</summary>
public sealed class Column
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    /// <summary>e.g. 专题专栏, 动态要闻, 通知公告, 政策文件 — drives the update window.</summary>
    public required string Category { get; set; }
    public string? Url { get; set; }
    public string? ResponsiblePerson { get; set; }
    public string? StaffA { get; set; }
    public string? StaffB { get; set; }
    public bool IsSpecial { get; set; }
    /// <summary>The W1 request that opened it, if any.</summary>
    public long? SourceInstanceId { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastUpdatedAtUtc { get; set; }
    public bool IsActive { get; set; } = true;
}
