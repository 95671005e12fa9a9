namespace Governance.Web.Features.Shared;

/// <summary>
/// The working days left before an item's deadline as lists show them: past it red 已超期 N 个工作日; due today red; one day
/// left orange; otherwise plain; nothing without an open deadline.
/// </summary>
public static class DaysLeftText
{
    public static (string Text, string Css) For(int? workingDaysLeft, DateTime? dueAtUtc, DateTime nowUtc) => workingDaysLeft switch
    {
        null => ("—", "mud-text-secondary"),
        _ when dueAtUtc < nowUtc => (workingDaysLeft < 0 ? $"已超期 {-workingDaysLeft} 个工作日" : "已超期", "overdue"),
        0 => ("今日到期", "overdue"),
        1 => ("1 个工作日", "due-soon"),
        var n => ($"{n} 个工作日", ""),
    };
}
