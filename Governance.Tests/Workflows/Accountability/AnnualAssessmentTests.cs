using Governance.Tests.Support;
using Governance.Workflows.Definitions.Accountability;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// 第20条(二) 年度考核 on <see cref="AccountabilityDataSet"/> (2026, read Mon 16 Mar 10:00), the default weights
/// (问题 1, 逾期整改 2, 逾期未整改 4, 重复 2, 单项否决 5, 留言 10 × (1 − 按时办理率), 超期栏目 2, 空白栏目 2, 责令整改 2, 约谈 3,
/// 书面检查 3, 通报批评 5, 移交严肃处理 10), worked out by hand:
/// <code>
/// 县教育局   findings E1 E2 E3 D1 = 4 → 4×1; late E2 → 2; overdue D1 → 4; veto E3 → 5          = 15
///            messages 1 of 2 on time → 10 × 0.5 = 5; stale 政策文件 → 2; 书面检查 M2 → 3 (M4 is 2025)  → 100 − 25 = 75
/// 县财政局   F1 F2 = 2 → 2; messages 1 of 1 → 0; stale 人事信息 → 2; M3 revoked → 0                 → 100 − 4 = 96
/// 县水利局   W1 W2 = 2 → 2; overdue W1 → 4; repeat W2 → 2 = 8; messages 0 of 1 (D overdue) → 10;
///            stale 水利要闻 (its lapse L1 counts as a column, not a finding) → 2; 约谈 M1 → 3           → 100 − 23 = 77
/// 县交通运输局 T1 = 1 (T2 cancelled); blank 交通公告 → 2                                            → 100 − 3 = 97
/// the other 17 departments and towns: nothing measured                                          → 100
/// </code>
/// Ranks: the 17 at 100 share 1; 交通运输局 18, 财政局 19, 水利局 20, 教育局 21.
/// </summary>
public sealed class AnnualAssessmentTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync(start: AccountabilityDataSet.China(3, 2, 9));
        await AccountabilityDataSet.BuildAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private AnnualAssessment Assessment => _host.Get<AnnualAssessment>();

    private async Task<AssessmentReport> ComputeAsync(string by = "accountability", int year = 2026) =>
        await Assessment.ComputeAsync(await _host.ActorAsync(by), year) ?? throw new InvalidOperationException("no report");

    [Fact]
    public async Task Year2026_ScoresRanksAndFigures_MatchTheHandWorkedTable()
    {
        var report = await ComputeAsync();

        Assert.Equal(21, report.Rows.Count);
        var edu = Assert.Single(report.Rows, r => r.UnitName == "县教育局");
        Assert.Equal((4, 2, 1, 1, 0, 1), (edu.Findings, edu.OnTime, edu.Late, edu.Overdue, edu.Repeats, edu.Veto));
        Assert.Equal((2, 1, 0.5m), (edu.MessagesDue, edu.MessagesOnTime, edu.MessageRate));
        Assert.Equal((1, 0, 1, 0), (edu.StaleColumns, edu.BlankColumns, edu.Measures[MeasureKinds.WrittenSelfExamination], edu.Measures[MeasureKinds.Interview]));
        Assert.Equal((15m, 5m, 2m, 3m, 75m, 21), (edu.FindingDeduction, edu.MessageDeduction, edu.ColumnDeduction, edu.MeasureDeduction, edu.Score, edu.Rank));

        var finance = Assert.Single(report.Rows, r => r.UnitName == "县财政局");
        Assert.Equal((2, 2, 0, 0), (finance.Findings, finance.OnTime, finance.Late, finance.Overdue));
        Assert.Equal((1, 1, 1m), (finance.MessagesDue, finance.MessagesOnTime, finance.MessageRate));
        Assert.Equal((0, 1), (finance.MeasureCount, finance.StaleColumns));
        Assert.Equal((96m, 19), (finance.Score, finance.Rank));

        var water = Assert.Single(report.Rows, r => r.UnitName == "县水利局");
        Assert.Equal((2, 0, 0, 1, 1, 0), (water.Findings, water.OnTime, water.Late, water.Overdue, water.Repeats, water.Veto));
        Assert.Equal((1, 0, 0m), (water.MessagesDue, water.MessagesOnTime, water.MessageRate));
        Assert.Equal((1, 1), (water.StaleColumns, water.Measures[MeasureKinds.Interview]));
        Assert.Equal((8m, 10m, 2m, 3m, 77m, 20), (water.FindingDeduction, water.MessageDeduction, water.ColumnDeduction, water.MeasureDeduction,
            water.Score, water.Rank));

        var transport = Assert.Single(report.Rows, r => r.UnitName == "县交通运输局");
        Assert.Equal((1, 0, 1, (decimal?)null), (transport.Findings, transport.StaleColumns, transport.BlankColumns, transport.MessageRate));
        Assert.Equal((97m, 18), (transport.Score, transport.Rank));

        var untouched = report.Rows.Where(r => r.Score == 100m).ToList();
        Assert.Equal(17, untouched.Count);
        Assert.All(untouched, r => Assert.Equal(1, r.Rank));
        Assert.Equal(["县交通运输局", "县财政局", "县水利局", "县教育局"], report.Rows.Skip(17).Select(r => r.UnitName));
        // Only the units that keep columns (第4条): no county office, no collaborator unit without measured data.
        Assert.DoesNotContain(report.Rows, r => r.UnitName is "县政府办公室" or "县数字化信息服务中心" or "县委网信办");
    }

    [Fact]
    public async Task Formula_ShowsTheWeightsInForce_AdminChangesThem_OthersMayNot()
    {
        Assert.Equal("得分 = 100 − 问题数×1 − 逾期整改数×2 − 逾期未整改数×4 − 重复问题数×2 − 单项否决问题数×5 − 10×(1 − 留言按时办理率) − "
                     + "超期未更新栏目数×2 − 空白栏目数×2 − 责令整改次数×2 − 约谈次数×3 − 书面检查次数×3 − 通报批评次数×5 − 移交严肃处理次数×10（最低 0 分）",
            (await ComputeAsync()).Formula);

        var settings = _host.Settings;
        var refused = await AssessmentWeights.SaveAsync(settings, await _host.ActorAsync("accountability"),
            new Dictionary<string, int> { [AssessmentWeights.Veto.Key] = 20 });
        Assert.Equal(["单项否决问题：只有系统管理员可以修改设置。"], refused);
        var outOfRange = await AssessmentWeights.SaveAsync(settings, await _host.ActorAsync("admin"),
            new Dictionary<string, int> { [AssessmentWeights.Veto.Key] = 51 });
        Assert.Equal(["单项否决问题：取值须在 0 至 50 之间。"], outOfRange);
        Assert.Equal(75m, Assert.Single((await ComputeAsync()).Rows, r => r.UnitName == "县教育局").Score);

        // 单项否决 20: 县教育局 loses 4 + 2 + 4 + 20 = 30 for its findings → 100 − 30 − 5 − 2 − 3 = 60; the others have no veto finding.
        Assert.Empty(await AssessmentWeights.SaveAsync(settings, await _host.ActorAsync("admin"),
            new Dictionary<string, int> { [AssessmentWeights.Veto.Key] = 20 }));
        var report = await ComputeAsync();
        Assert.Contains("单项否决问题数×20", report.Formula, StringComparison.Ordinal);
        Assert.Equal((60m, 30m), Assert.Single(report.Rows, r => r.UnitName == "县教育局") is var e ? (e.Score, e.FindingDeduction) : default);
        Assert.Equal(77m, Assert.Single(report.Rows, r => r.UnitName == "县水利局").Score);
        await using var db = _host.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Kind == "setting.change" && a.Detail.StartsWith(AssessmentWeights.Veto.Key)));
    }

    [Fact]
    public async Task Units_SeeOnlyTheirOwnRow_CountyRolesAll_BadYearNothing()
    {
        var own = await ComputeAsync("editor");
        var row = Assert.Single(own.Rows);
        Assert.Equal(("县教育局", 75m, 21), (row.UnitName, row.Score, row.Rank));
        Assert.Equal("县财政局", Assert.Single((await ComputeAsync("reviewer2")).Rows).UnitName);
        foreach (var user in new[] { "observer", "supervisor", "admin", "monitor" }) Assert.Equal(21, (await ComputeAsync(user)).Rows.Count);
        Assert.Null(await Assessment.ComputeAsync(await _host.ActorAsync("accountability"), 1999));
        Assert.Equal("考核年度须在 2000 至 2100 之间。", AnnualAssessment.CheckYear(2101));

        // 2025 holds only M4 (约谈 县教育局, 20 Dec 2025): 100 − 3.
        var last = await ComputeAsync(year: 2025);
        Assert.Equal((97m, 21), Assert.Single(last.Rows, r => r.UnitName == "县教育局") is var e ? (e.Score, e.Rank) : default);
        Assert.Equal(20, last.Rows.Count(r => r.Score == 100m));
    }

    [Fact]
    public async Task Excel_HoldsTheRowsTheRulesAndTheNotes()
    {
        var report = await ComputeAsync();
        var file = AssessmentExport.Xlsx(report);
        using var ms = new MemoryStream(file);
        Assert.Equal([AssessmentExport.ResultSheet, AssessmentExport.RulesSheet, AssessmentExport.NotesSheet], MiniExcel.GetSheetNames(ms));
        ms.Position = 0;
        var rows = MiniExcel.Query(ms, useHeaderRow: true, sheetName: AssessmentExport.ResultSheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(21, rows.Count);
        var edu = Assert.Single(rows, r => (string?)r["单位"] == "县教育局");
        Assert.Equal(75d, Convert.ToDouble(edu["得分"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(21d, Convert.ToDouble(edu["名次"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("50%", edu["留言按时办理率"]);
        Assert.Equal(1d, Convert.ToDouble(edu["书面检查"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(15d, Convert.ToDouble(edu["问题扣分"], System.Globalization.CultureInfo.InvariantCulture));
        ms.Position = 0;
        var rules = MiniExcel.Query(ms, useHeaderRow: true, sheetName: AssessmentExport.RulesSheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(AssessmentWeights.All.Select(w => w.Label), rules.Select(r => (string?)r["项目"]));
        Assert.Equal("每个扣 4 分", Assert.Single(rules, r => (string?)r["项目"] == "逾期未整改")["计分"]);
        ms.Position = 0;
        var notes = MiniExcel.Query(ms, useHeaderRow: true, sheetName: AssessmentExport.NotesSheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(report.Formula, Assert.Single(notes, n => (string?)n["项目"] == "计分公式")["内容"]);
    }
}
