using System.Globalization;
using Governance.Workflows.Calendar;
using MiniExcelLibs;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>
/// The annual assessment for the assessment office (考核办) as Excel (MiniExcel): 考核结果 (the table the page shows: rank,
/// unit, score, the figures and the points lost), 计分规则 (each weight in force, its default and reason) and 说明.
/// </summary>
public static class AssessmentExport
{
    public const string ResultSheet = "考核结果";
    public const string RulesSheet = "计分规则";
    public const string NotesSheet = "说明";

    public static readonly string[] Headers =
    [
        "名次", "单位", "得分", "问题", "按时整改", "逾期整改", "逾期未整改", "重复问题", "单项否决问题", "应答复留言", "按时答复", "留言按时办理率",
        "超期未更新栏目", "空白栏目", .. AssessmentWeights.Measures.Select(k => k.Kind), "问题扣分", "留言扣分", "栏目扣分", "问责扣分",
    ];

    public static string Number(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Rate(decimal? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string FileName(int year) => $"政府网站年度考核_{year.ToString(CultureInfo.InvariantCulture)}.xlsx";

    /// <summary>One row as text, in <see cref="Headers"/> order (the page shows the same cells).</summary>
    public static IReadOnlyList<string> Cells(AssessmentRow r) =>
    [
        I(r.Rank), r.UnitName, Number(r.Score), I(r.Findings), I(r.OnTime), I(r.Late), I(r.Overdue), I(r.Repeats), I(r.Veto), I(r.MessagesDue),
        I(r.MessagesOnTime), Rate(r.MessageRate), I(r.StaleColumns), I(r.BlankColumns),
        .. AssessmentWeights.Measures.Select(k => I(r.Measures.GetValueOrDefault(k.Kind))),
        Number(r.FindingDeduction), Number(r.MessageDeduction), Number(r.ColumnDeduction), Number(r.MeasureDeduction),
    ];

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Numbers as numbers (the office sorts and sums them), the rate as the page's text.</summary>
    private static Dictionary<string, object?> Row(AssessmentRow r)
    {
        object?[] values =
        [
            r.Rank, r.UnitName, r.Score, r.Findings, r.OnTime, r.Late, r.Overdue, r.Repeats, r.Veto, r.MessagesDue, r.MessagesOnTime, Rate(r.MessageRate),
            r.StaleColumns, r.BlankColumns, .. AssessmentWeights.Measures.Select(k => (object?)r.Measures.GetValueOrDefault(k.Kind)),
            r.FindingDeduction, r.MessageDeduction, r.ColumnDeduction, r.MeasureDeduction,
        ];
        return Headers.Zip(values).ToDictionary(x => x.First, x => x.Second);
    }

    public static byte[] Xlsx(AssessmentReport report)
    {
        var rows = report.Rows.Select(Row).ToList();
        var rules = AssessmentWeights.All.Select(w => new Dictionary<string, object?>
        {
            ["项目"] = w.Label, ["计分"] = $"{w.Per}扣 {report.Weights[w.Key].ToString(CultureInfo.InvariantCulture)} 分", ["默认值"] = w.Default, ["理由"] = w.Reason,
        }).ToList();
        var notes = new List<Dictionary<string, object?>>
        {
            Note("考核年度", $"{report.Year.ToString(CultureInfo.InvariantCulture)}年（1月1日至12月31日，北京时间）"),
            Note("计算时间", ChinaTime.Format(report.AsOfUtc)),
            Note("计分公式", report.Formula),
            Note("口径", "问题：当年发现并下发给该单位、未撤销的问题（栏目超期/空白问题只计入栏目项）；逾期未整改：截至计算时间已过整改时限仍未整改；"
                       + "留言按时办理率 = 按时答复 ÷（已答复 + 超期未答复），当年收到的留言；栏目：当年出现超期未更新或空白的栏目（每个栏目每种情况计一次）；"
                       + "问责措施：当年记录的措施。名次相同的单位得分相同。"),
            Note("依据", "《扶风县政府网站管理办法》第二十条（二）政府网站建设管理情况纳入年度目标责任制考核；第十二条、第十三条、第二十一条、第二十二条"),
        };
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, new Dictionary<string, object> { [ResultSheet] = rows, [RulesSheet] = rules, [NotesSheet] = notes }, excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    private static Dictionary<string, object?> Note(string item, string text) => new() { ["项目"] = item, ["内容"] = text };
}
