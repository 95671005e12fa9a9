using Governance.Workflows.Settings;

namespace Governance.Workflows.Registers;

/// <summary>
/// 栏目类别: what a column publishes, which decides its update window (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》:
/// 动态、要闻类栏目 2 周, 通知公告、政策文件类栏目 6 个月, 人事、规划计划类栏目 1 年未更新为不合格; 第13条).
/// </summary>
public static class ColumnCategories
{
    public const string News = "动态要闻";
    public const string Notice = "通知公告";
    public const string Policy = "政策文件";
    public const string Personnel = "人事";
    public const string Plan = "规划计划";
    /// <summary>A W1 special column: its committed cadence, else the 动态要闻 window.</summary>
    public const string Special = "专题专栏";
    /// <summary>Not watched: the exchange is measured by W3's reply deadlines, not by publications.</summary>
    public const string Interaction = "互动交流";
    /// <summary>Not watched: a heading that holds other columns (政务公开, 新闻中心 …).</summary>
    public const string Navigation = "栏目导航";

    public static readonly IReadOnlyList<string> All = [News, Notice, Policy, Personnel, Plan, Special, Interaction, Navigation];

    /// <summary>Whether the daily sweep watches columns of this category for staleness.</summary>
    public static bool IsWatched(string category) => category is not (Interaction or Navigation) && All.Contains(category);

    /// <summary>The categories whose stale columns count toward the national veto (单项否决): 动态要闻 and 通知公告/政策文件.</summary>
    public static bool CountsTowardStaleVeto(string category) => category is News or Notice or Policy;
}

/// <summary>An update class (更新类别) of the national indicators: its categories and its window, an Admin setting.</summary>
public sealed record UpdateClass(string Name, string SettingKey, int DefaultDays, IReadOnlyList<string> Categories);

/// <summary>The register's Admin settings (shown on 办理时限与规则设置) with their defaults and ranges.</summary>
public static class RegisterSettings
{
    public static readonly UpdateClass News = new("动态要闻类", "Register.WindowDays.News", 14, [ColumnCategories.News]);
    public static readonly UpdateClass Notices = new("通知公告/政策文件类", "Register.WindowDays.Notices", 183,
        [ColumnCategories.Notice, ColumnCategories.Policy]);
    public static readonly UpdateClass Plans = new("人事/规划计划类", "Register.WindowDays.Plans", 365,
        [ColumnCategories.Personnel, ColumnCategories.Plan]);

    public static readonly IReadOnlyList<UpdateClass> Classes = [News, Notices, Plans];

    public const string WarningPercentKey = "Register.WarningPercent";
    public const int DefaultWarningPercent = 80;
    public const string BlankGraceKey = "Register.BlankGraceDays";
    public const int DefaultBlankGraceDays = 14;

    /// <summary>One editable setting: key, label, default, range and unit, in the order the settings page shows them.</summary>
    public sealed record Item(string Key, string Label, int Default, int Min, int Max, string Unit, string Hint);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(News.SettingKey, "动态要闻类栏目更新周期", News.DefaultDays, 1, 730, "天", "国办秘函〔2019〕19号：2 周未更新为不合格"),
        new(Notices.SettingKey, "通知公告/政策文件类栏目更新周期", Notices.DefaultDays, 1, 730, "天", "6 个月未更新为不合格"),
        new(Plans.SettingKey, "人事/规划计划类栏目更新周期", Plans.DefaultDays, 1, 730, "天", "1 年未更新为不合格"),
        new(WarningPercentKey, "预警比例", DefaultWarningPercent, 50, 99, "%", "距上次更新超过更新周期的该比例即预警，通知 A岗、B岗"),
        new(BlankGraceKey, "空白栏目宽限期", DefaultBlankGraceDays, 1, 365, "天", "开设后超过该天数仍无任何更新即为空白栏目"),
    ];
}

/// <summary>The windows in force (read from the settings once per operation).</summary>
public sealed record StalenessPolicy(int NewsDays, int NoticesDays, int PlansDays, int WarningPercent, int BlankGraceDays)
{
    public static readonly StalenessPolicy Default = new(RegisterSettings.News.DefaultDays, RegisterSettings.Notices.DefaultDays,
        RegisterSettings.Plans.DefaultDays, RegisterSettings.DefaultWarningPercent, RegisterSettings.DefaultBlankGraceDays);

    public static async Task<StalenessPolicy> LoadAsync(SettingsService settings, CancellationToken ct = default) => new(
        await settings.GetIntAsync(RegisterSettings.News.SettingKey, RegisterSettings.News.DefaultDays, ct),
        await settings.GetIntAsync(RegisterSettings.Notices.SettingKey, RegisterSettings.Notices.DefaultDays, ct),
        await settings.GetIntAsync(RegisterSettings.Plans.SettingKey, RegisterSettings.Plans.DefaultDays, ct),
        await settings.GetIntAsync(RegisterSettings.WarningPercentKey, RegisterSettings.DefaultWarningPercent, ct),
        await settings.GetIntAsync(RegisterSettings.BlankGraceKey, RegisterSettings.DefaultBlankGraceDays, ct));

    /// <summary>
    /// The column's window in days, or null when its category is not watched. The class window, or the column's own
    /// committed cadence when that is stricter; a 专题专栏 keeps its committed cadence, else the 动态要闻 window.
    /// </summary>
    public int? WindowDays(string category, int? committedCadenceDays)
    {
        var cadence = committedCadenceDays is > 0 ? committedCadenceDays : null;
        int? classDays = category switch
        {
            ColumnCategories.News => NewsDays,
            ColumnCategories.Notice or ColumnCategories.Policy => NoticesDays,
            ColumnCategories.Personnel or ColumnCategories.Plan => PlansDays,
            ColumnCategories.Special => cadence ?? NewsDays,
            _ => null,
        };
        if (classDays is null) return null;
        return cadence is { } c && c < classDays ? c : classDays;
    }
}

/// <summary>W1's 更新频率承诺 in days (a committed cadence of the register).</summary>
public static class Cadences
{
    public static readonly IReadOnlyList<(string Name, int Days)> All =
        [("每日", 1), ("每周", 7), ("每两周", 14), ("每月", 30), ("每季度", 90)];

    public static int? Days(string? cadence) => All.FirstOrDefault(c => c.Name == cadence?.Trim()).Days is var d and > 0 ? d : null;

    /// <summary>"每周（7 天）", or "7 天" for a cadence with no name.</summary>
    public static string Describe(int? days) => days switch
    {
        null => "—",
        { } d when All.Any(c => c.Days == d) => $"{All.First(c => c.Days == d).Name}（{d} 天）",
        { } d => $"{d} 天",
    };
}
