using Governance.Data.Entities;
using Governance.Workflows.Calendar;

namespace Governance.Workflows.Registers;

/// <summary>Where a column stands against its window on a China date.</summary>
/// <param name="Watched">False for 互动交流 / 栏目导航, suspended and closed columns: the sweep leaves them alone.</param>
/// <param name="WindowDays">The window that applies (null when the category is not watched).</param>
/// <param name="DaysSince">Whole China calendar days since the last update (or since creation, when there has been none).</param>
/// <param name="Status">正常 / 预警 / 超期 / 空白 as the sweep would set it today.</param>
/// <param name="DueDate">The last China date that is still within the window (null when not watched or blank).</param>
public sealed record StalenessResult(bool Watched, int? WindowDays, int DaysSince, ColumnStatus Status, DateOnly? DueDate);

/// <summary>
/// 第13条: a column not updated within its window (《政府网站与政务新媒体检查指标》) is 不合格. Days are counted in China
/// dates: a column updated on 3月2日 with a 14-day window is within it through 3月16日 and 超期 from 3月17日 (more than 2 weeks
/// without an update). 预警 comes once the days since the update pass the warning share of the window (80%: day 12 of 14).
/// A column never updated is 空白 once the blank grace since its creation has passed.
/// </summary>
public static class Staleness
{
    public static StalenessResult Evaluate(StalenessPolicy policy, Column c, DateOnly today) =>
        Evaluate(policy, c.Category, c.CommittedCadenceDays, c.IsActive && !c.IsSuspended, c.CreatedAtUtc, c.LastUpdatedAtUtc, today);

    public static StalenessResult Evaluate(StalenessPolicy policy, string category, int? committedCadenceDays, bool inService,
        DateTime createdAtUtc, DateTime? lastUpdatedAtUtc, DateOnly today)
    {
        var window = policy.WindowDays(category, committedCadenceDays);
        var since = ChinaTime.Date(lastUpdatedAtUtc ?? createdAtUtc);
        var days = Math.Max(0, today.DayNumber - since.DayNumber);
        if (window is null || !inService) return new(false, window, days, ColumnStatus.Normal, null);
        if (lastUpdatedAtUtc is null)
            return new(true, window, days, days > policy.BlankGraceDays ? ColumnStatus.Blank : ColumnStatus.Normal, null);
        var status = days > window.Value ? ColumnStatus.Overdue
            // Past the share of the window: days / window > percent / 100, in whole numbers.
            : days * 100L > (long)window.Value * policy.WarningPercent ? ColumnStatus.Warning
            : ColumnStatus.Normal;
        return new(true, window, days, status, since.AddDays(window.Value));
    }

    /// <summary>超期 and 空白 are lapses: each opens one W4 finding.</summary>
    public static bool IsLapse(ColumnStatus s) => s is ColumnStatus.Overdue or ColumnStatus.Blank;

    public static string StatusName(ColumnStatus s) => s switch
    {
        ColumnStatus.Warning => "预警",
        ColumnStatus.Overdue => "超期",
        ColumnStatus.Blank => "空白",
        _ => "正常",
    };
}
