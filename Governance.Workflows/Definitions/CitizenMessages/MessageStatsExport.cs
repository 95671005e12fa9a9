using System.Globalization;
using Governance.Workflows.Calendar;
using MiniExcelLibs;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>The periods the statistics page offers (第19条(五)).</summary>
public enum StatsPeriodKind
{
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>Statistics periods as China dates, both ends included; and the checks on a period given in a request.</summary>
public static class StatsPeriod
{
    public const string DateFormat = "yyyy-MM-dd";
    /// <summary>The longest period one table covers (five years).</summary>
    public const int MaxDays = 5 * 366;

    public static string Label(StatsPeriodKind kind) => kind switch
    {
        StatsPeriodKind.Month => "本月",
        StatsPeriodKind.Quarter => "本季度",
        StatsPeriodKind.Year => "本年",
        _ => "自定义",
    };

    /// <summary>本月, 本季度, 本年: the whole calendar period that contains <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) Of(StatsPeriodKind kind, DateOnly today) => kind switch
    {
        StatsPeriodKind.Month => (new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1)),
        StatsPeriodKind.Quarter => Quarter(today),
        _ => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
    };

    private static (DateOnly, DateOnly) Quarter(DateOnly today)
    {
        var first = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>A period from a request's from/to (yyyy-MM-dd): the dates, or the Chinese reason it cannot be used.</summary>
    public static (DateOnly From, DateOnly To, string? Error) Parse(string? from, string? to)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to)) return (default, default, "请指定统计期间：from 和 to（格式 yyyy-MM-dd）。");
        if (!DateOnly.TryParseExact(from.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var f))
            return (default, default, "起始日期 from 格式不正确，应为 yyyy-MM-dd，例如 2026-03-01。");
        if (!DateOnly.TryParseExact(to.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return (default, default, "截止日期 to 格式不正确，应为 yyyy-MM-dd，例如 2026-03-31。");
        if (f.Year < 2000 || t.Year > 2100) return (default, default, "统计期间须在 2000 年至 2100 年之间。");
        if (t < f) return (default, default, "截止日期不能早于起始日期。");
        if (t.DayNumber - f.DayNumber > MaxDays) return (default, default, "统计期间不能超过 5 年。");
        return (f, t, null);
    }
}

/// <summary>
/// The statistics as Excel (MiniExcel): the full table for internal use (figures + the messages counted, without the
/// citizens' names or contacts) and the edition for publication (第19条(五): the figures alone, no titles, no names).
/// The cells are the ones the statistics page shows (<see cref="Cells"/>).
/// </summary>
public static class MessageStatsExport
{
    public static readonly string[] Headers =
        ["单位", "收到", "已分办", "已答复", "按时答复", "超期(未答复)", "超期答复", "退回", "延期", "无效", "平均答复工作日", "按时率"];

    public const string StatsSheet = "统计表";
    public const string PublicSheet = "留言受理反馈情况统计";
    public const string DetailSheet = "留言明细";
    public const string NotesSheet = "说明";

    /// <summary>按时率 as the page and the files show it: "100%", "66.7%", or "—" when nothing was replied.</summary>
    public static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Average(double? days) => days is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>One row of the table as text, in <see cref="Headers"/> order.</summary>
    public static IReadOnlyList<string> Cells(UnitMessageStats s) =>
    [
        s.UnitName, N(s.Received), N(s.Assigned), N(s.Replied), N(s.RepliedOnTime), N(s.OverdueOpen), N(s.RepliedLate), N(s.Returned),
        N(s.Extended), N(s.Invalid), Average(s.AverageWorkingDaysToReply), Rate(s.OnTimeRate),
    ];

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string FileName(MessageStatsReport report, bool forPublication) =>
        $"网民留言{(forPublication ? "统计公开版" : "统计表")}_{report.From.ToString(StatsPeriod.DateFormat, CultureInfo.InvariantCulture)}_{report.To.ToString(StatsPeriod.DateFormat, CultureInfo.InvariantCulture)}.xlsx";

    /// <summary>Counts as numbers, the average as a number (empty when none), 按时率 as the page's text.</summary>
    private static Dictionary<string, object?> Row(UnitMessageStats s) => new()
    {
        [Headers[0]] = s.UnitName, [Headers[1]] = s.Received, [Headers[2]] = s.Assigned, [Headers[3]] = s.Replied, [Headers[4]] = s.RepliedOnTime,
        [Headers[5]] = s.OverdueOpen, [Headers[6]] = s.RepliedLate, [Headers[7]] = s.Returned, [Headers[8]] = s.Extended, [Headers[9]] = s.Invalid,
        [Headers[10]] = s.AverageWorkingDaysToReply, [Headers[11]] = Rate(s.OnTimeRate),
    };

    private static List<Dictionary<string, object?>> Table(MessageStatsReport report) => [.. report.Units.Select(Row), Row(report.Total)];

    private static List<Dictionary<string, object?>> Notes(MessageStatsReport report, DateTime nowUtc, bool forPublication) =>
    [
        Note("统计期间", $"{report.From:yyyy-MM-dd} 至 {report.To:yyyy-MM-dd}（按收到日期，北京时间）"),
        Note("导出时间", ChinaTime.Format(nowUtc)),
        Note("口径", "收到：期间内收到的留言；按时答复：在答复时限（含批准的延期）内经审核答复；超期(未答复)：已过时限仍未答复；"
                   + "平均答复工作日：自承办单位收到分办之日起（当日不计）至答复之日的工作日数"),
        Note("依据", "《扶风县政府网站管理办法》第十二条、第十九条(五)"),
        Note("版本", forPublication ? "公开版：仅统计数据，不含留言标题、留言人姓名及联系方式" : "完整版：内部使用，留言明细不含留言人姓名及联系方式"),
    ];

    private static Dictionary<string, object?> Note(string item, string text) => new() { ["项目"] = item, ["内容"] = text };

    /// <summary>统计表 (full): the figures, the messages counted (no personal data) and the notes.</summary>
    public static byte[] Full(MessageStatsReport report, IReadOnlyList<MessageStatsDetail> details, DateTime nowUtc)
    {
        var detailRows = details.Select(d => new Dictionary<string, object?>
        {
            ["编号"] = d.Number, ["标题"] = d.Title, ["类别"] = d.Category, ["来源渠道"] = d.Channel, ["承办单位"] = d.Unit ?? MessageStatistics.Unassigned,
            ["状态"] = d.StateName, ["收到时间"] = ChinaTime.Format(d.ReceivedAtUtc), ["答复时间"] = ChinaTime.Format(d.RepliedAtUtc, missing: ""),
            ["是否按时答复"] = d.RepliedOnTime switch { true => "是", false => "否", _ => "" }, ["延期工作日"] = d.ExtensionDays, ["退回次数"] = d.ReturnCount,
        }).ToList();
        if (detailRows.Count == 0)
            detailRows.Add(new() { ["编号"] = "", ["标题"] = "（期间内无留言）" });
        return Save(new Dictionary<string, object>
        {
            [StatsSheet] = Table(report), [DetailSheet] = detailRows, [NotesSheet] = Notes(report, nowUtc, forPublication: false),
        });
    }

    /// <summary>公开版: the figures by unit and the notes — nothing about any single message or person.</summary>
    public static byte[] ForPublication(MessageStatsReport report, DateTime nowUtc) =>
        Save(new Dictionary<string, object> { [PublicSheet] = Table(report), [NotesSheet] = Notes(report, nowUtc, forPublication: true) });

    private static byte[] Save(Dictionary<string, object> sheets)
    {
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, sheets, excelType: ExcelType.XLSX);
        return ms.ToArray();
    }
}
