namespace Governance.Data.Entities;

/// <summary>
/// 栏目台账: every column of the portal, ordinary and special (第10条, 第13条, 第19条(一)(二)). Columns form a tree
/// (政务公开 › 政策文件); each has a responsible unit, a 栏目负责人 and A岗/B岗, an update class whose window follows the
/// national inspection indicators, and a staleness status kept by the daily sweep.
/// </summary>
public sealed class Column
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The parent column (null for a top-level column).</summary>
    public int? ParentId { get; set; }
    public Column? Parent { get; set; }
    /// <summary>The full path of names, e.g. "政务公开/政策文件" (kept in step with the tree; for display, search and import).</summary>
    public string Path { get; set; } = "";
    public int SortOrder { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    /// <summary>
    /// The update class (更新类别) that sets the window: 动态要闻 (2 weeks), 通知公告 / 政策文件 (6 months), 人事 / 规划计划
    /// (1 year), 专题专栏 (its committed cadence, else 动态要闻's window), 互动交流 / 栏目导航 (not watched).
    /// </summary>
    public required string Category { get; set; }
    public string? Url { get; set; }
    /// <summary>栏目负责人 (第19条(一)).</summary>
    public string? ResponsiblePerson { get; set; }
    /// <summary>A岗 / B岗 (第19条(二)): names as the register shows them.</summary>
    public string? StaffA { get; set; }
    public string? StaffB { get; set; }
    /// <summary>The accounts of A岗 and B岗, when they have one: they are notified when the column nears its window.</summary>
    public string? StaffAUserId { get; set; }
    public string? StaffBUserId { get; set; }
    /// <summary>A committed cadence in days (e.g. W1's 更新频率承诺 每周 = 7); used when stricter than the class window.</summary>
    public int? CommittedCadenceDays { get; set; }
    public bool IsSpecial { get; set; }
    /// <summary>The W1 request that opened it, if any.</summary>
    public long? SourceInstanceId { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastUpdatedAtUtc { get; set; }
    /// <summary>The address of the newest item (W2 publishing or the unit's own record).</summary>
    public string? LastUpdateUrl { get; set; }
    /// <summary>False once closed (已关停).</summary>
    public bool IsActive { get; set; } = true;
    /// <summary>暂停更新: a suspended column is not watched for staleness.</summary>
    public bool IsSuspended { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
    /// <summary>The staleness status the daily sweep keeps.</summary>
    public ColumnStatus Status { get; set; } = ColumnStatus.Normal;
    public DateTime? StatusChangedAtUtc { get; set; }
    /// <summary>How many lapses (超期/空白) the column has had: each lapse opens one W4 finding, keyed by this number.</summary>
    public int LapseCount { get; set; }
    /// <summary>Optimistic concurrency for register edits racing the sweep or another user.</summary>
    public int Version { get; set; }
}

/// <summary>栏目状态: 正常 / 预警 / 超期 / 空白 (the sweep); 已关停 is <see cref="Column.IsActive"/> false.</summary>
public enum ColumnStatus
{
    Normal = 0,
    Warning = 1,
    Overdue = 2,
    Blank = 3,
}

/// <summary>One update of a column: a W2 publication or the unit's own record (date and the new item's URL).</summary>
public sealed class ColumnUpdate
{
    public long Id { get; set; }
    public int ColumnId { get; set; }
    public Column? Column { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string? Url { get; set; }
    public string? Title { get; set; }
    /// <summary>"publish" (W2) or "manual" (recorded by the unit).</summary>
    public required string Source { get; set; }
    /// <summary>The W2 item published, for "publish".</summary>
    public long? InstanceId { get; set; }
    public required string RecordedByUserId { get; set; }
    public DateTime RecordedAtUtc { get; set; }
}
