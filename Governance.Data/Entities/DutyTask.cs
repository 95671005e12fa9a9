namespace Governance.Data.Entities;

/// <summary>
/// A recurring duty of the regulation, created once per period as a small workflow (第15条(一) 每月安全自查, 第16条 域名年度自查,
/// 第19条(六) 年度培训). Keyed by its workflow instance; <see cref="PeriodKey"/> is UNIQUE, so a period's task exists once
/// however often or concurrently the scheduler runs.
/// </summary>
public sealed class DutyTask
{
    public long InstanceId { get; set; }
    /// <summary>security / domain / training.</summary>
    public required string Kind { get; set; }
    /// <summary>e.g. "security:2026-03", "domain:2026".</summary>
    public required string PeriodKey { get; set; }
    /// <summary>e.g. "2026年3月", "2026年度".</summary>
    public required string PeriodLabel { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
}
