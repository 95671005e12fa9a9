using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;

namespace Governance.Web.Features.Columns;

/// <summary>How the register shows a column: its chip's tone, a missing value, the window.</summary>
public static class ColumnText
{
    /// <summary>正常 green, 预警 amber, 超期 and 空白 red, 已暂停 and 不监测 grey, 已关停 dark.</summary>
    public static StateTone Tone(ColumnRow r) =>
        !r.IsActive ? StateTone.Closed
        : r.IsSuspended || r.Staleness.WindowDays is null ? StateTone.Neutral
        : r.Status switch
        {
            ColumnStatus.Warning => StateTone.Warning,
            ColumnStatus.Overdue or ColumnStatus.Blank => StateTone.Danger,
            _ => StateTone.Success,
        };

    /// <summary>The state as data (tests, CSS): Normal, Warning, Overdue, Blank, Suspended, Closed or Unwatched.</summary>
    public static string StateKey(ColumnRow r) =>
        !r.IsActive ? "Closed" : r.IsSuspended ? "Suspended" : r.Staleness.WindowDays is null ? "Unwatched" : r.Status.ToString();

    /// <summary>The chip: 已关停, 已暂停, 不监测 (互动交流, 栏目导航), else the sweep's status.</summary>
    public static string StatusText(ColumnRow r) => r.IsActive && !r.IsSuspended && r.Staleness.WindowDays is null ? "不监测" : r.StatusText;

    /// <summary>A missing part of a row reads as a dash, never as nothing.</summary>
    public static string Shown(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;

    /// <summary>"14 天", "7 天（承诺每周）", or "不监测".</summary>
    public static string Window(ColumnRow r)
    {
        if (r.Staleness.WindowDays is not { } days) return "不监测";
        return r.CommittedCadenceDays == days && r.Category != ColumnCategories.Special ? $"{days} 天（承诺）" : $"{days} 天";
    }

    /// <summary>"3 天前", "今天", or "从未更新（开设 20 天）".</summary>
    public static string Since(ColumnRow r) =>
        r.LastUpdatedAtUtc is null ? $"从未更新（开设 {r.Staleness.DaysSince} 天）"
        : r.Staleness.DaysSince == 0 ? "今天" : $"{r.Staleness.DaysSince} 天前";

    public static readonly IReadOnlyList<(RegisterFilter Filter, string Name)> Filters =
    [
        (RegisterFilter.Normal, "正常"), (RegisterFilter.Warning, "预警"), (RegisterFilter.Overdue, "超期"), (RegisterFilter.Blank, "空白"),
        (RegisterFilter.Suspended, "已暂停"), (RegisterFilter.Closed, "已关停"),
    ];
}
