using Governance.Data.Entities;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>Where findings come from (第19条(四) 值班读网, 第20条(一) 每季度检查, 中省市检查, 网民和媒体, the staleness sweep).</summary>
public static class FindingSources
{
    public const string DailyMonitoring = "日常监测";
    public const string Quarterly = "季度检查";
    public const string Higher = "上级检查";
    public const string Citizen = "网民举报";
    public const string Media = "媒体报道";
    public const string Sweep = "系统巡检";

    /// <summary>What a person may record (the sweep's source is the system's own).</summary>
    public static readonly IReadOnlyList<string> Manual = [DailyMonitoring, Quarterly, Higher, Citizen, Media];
    public static readonly IReadOnlyList<string> All = [.. Manual, Sweep];
}

/// <summary>
/// The seven types of the national "我为政府网站找错" platform, and the county's own: 错敏词, 隐私泄露 (第9条), 空白栏目 (第13条),
/// 安全问题 (第15条), 擅自开设网站/栏目 (第7条, 第21条), 假冒网站 (第15条(三)).
/// </summary>
public static class FindingCategories
{
    public const string Inaccessible = "内容无法访问";
    public const string NotUpdated = "信息不更新";
    public const string Inaccurate = "内容不准确";
    public const string MessageUnanswered = "咨询留言不回复";
    public const string Typo = "错别字";
    public const string Fake = "虚假伪造内容";
    public const string Other = "其他";
    public const string Sensitive = "错敏词";
    public const string PrivacyLeak = "隐私泄露";
    public const string Blank = "空白栏目";
    public const string Security = "安全问题";
    public const string Unauthorized = "擅自开设网站/栏目";
    public const string Counterfeit = "假冒网站";

    public static readonly IReadOnlyList<string> National = [Inaccessible, NotUpdated, Inaccurate, MessageUnanswered, Typo, Fake, Other];
    public static readonly IReadOnlyList<string> All = [.. National, Sensitive, PrivacyLeak, Blank, Security, Unauthorized, Counterfeit];

    /// <summary>第15条(三): 县委网信办 leads the handling of a counterfeit site; it takes part in such findings.</summary>
    public const string CounterfeitParticipant = "县委网信办";
}

public static class FindingSeverities
{
    public static string Name(FindingSeverity s) => s switch
    {
        FindingSeverity.General => "一般",
        FindingSeverity.Serious => "严重",
        FindingSeverity.Veto => "单项否决",
        _ => s.ToString(),
    };

    public static readonly IReadOnlyList<FindingSeverity> All = [FindingSeverity.General, FindingSeverity.Serious, FindingSeverity.Veto];

    public static FindingSeverity? Parse(string? text) => text?.Trim() switch
    {
        "一般" => FindingSeverity.General,
        "严重" => FindingSeverity.Serious,
        "单项否决" or "否决" => FindingSeverity.Veto,
        _ => null,
    };

    /// <summary>The setting and default working days to rectify each severity (5 / 2 / 1).</summary>
    public static (string Key, int Default) Setting(FindingSeverity s) => s switch
    {
        FindingSeverity.Serious => (RectificationWorkflow.SettingKeys.SeriousDays, 2),
        FindingSeverity.Veto => (RectificationWorkflow.SettingKeys.VetoDays, 1),
        _ => (RectificationWorkflow.SettingKeys.GeneralDays, 5),
    };
}
