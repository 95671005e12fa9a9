using Governance.Workflows.Engine;
using Governance.Workflows.Settings;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>One weight of the annual assessment: an Admin setting with its default, range and the reason for the default.</summary>
public sealed record AssessmentWeight(string Key, string Label, string Per, int Default, int Min, int Max, string Reason);

/// <summary>
/// 第20条(二) 考核评价机制 — the weights of the annual assessment (年度考核), each an Admin setting. A unit starts from 100 and
/// loses points for what the portal measured in the year; the defaults and why (also in docs/ARCHITECTURE.md):
/// <list type="bullet">
/// <item>问题 1 per finding: every problem the Monitor found counts, lightly, so many small problems weigh (第13条, 第19条(四)).</item>
/// <item>逾期整改 2: rectified, but after the deadline — 整改不及时 (第21条).</item>
/// <item>逾期未整改 4: still open past its deadline — 整改不到位, twice a late one: the problem is still on the website (第21条).</item>
/// <item>重复问题 2: the same problem within 90 days — the earlier rectification was not 到位 (第21条 责任不落实).</item>
/// <item>单项否决 5: a national veto indicator (国办秘函〔2019〕19号) fails the whole website on its own, so the heaviest per finding.</item>
/// <item>留言 10 × (1 − 按时办理率): the 4-working-day reply rule (第12条) weighs like ten ordinary problems at most.</item>
/// <item>超期栏目 2, 空白栏目 2 per column: a column not updated in its window is 不合格 (第13条); both are veto indicators when
/// more than 5, so each column weighs like a late rectification.</item>
/// <item>问责措施 (第21–22条) in rising order of gravity: 责令整改 2, 约谈 3, 书面检查 3, 通报批评 5, 移交严肃处理 10 — the officer's
/// own judgement of how serious the unit's failings were, on top of the problems themselves.</item>
/// </list>
/// Column lapses (信息不更新 / 空白栏目 findings against a column) count in the column items only, never twice.
/// </summary>
public static class AssessmentWeights
{
    public const int FullMarks = 100;

    public static readonly AssessmentWeight Finding = new("Assessment.FindingPoints", "问题", "每个", 1, 0, 20,
        "检查和日常监测发现的每个问题都计入，扣分较轻，问题多的单位排名靠后（第十三条、第十九条（四））");
    public static readonly AssessmentWeight Late = new("Assessment.LatePoints", "逾期整改", "每个", 2, 0, 20,
        "已整改但超过整改时限，属整改不及时（第二十一条）");
    public static readonly AssessmentWeight Overdue = new("Assessment.OverduePoints", "逾期未整改", "每个", 4, 0, 20,
        "超过整改时限仍未整改，问题仍在网站上，属整改不到位（第二十一条），按逾期整改的两倍计");
    public static readonly AssessmentWeight Repeat = new("Assessment.RepeatPoints", "重复问题", "每个", 2, 0, 20,
        "90 天内同一栏目（网址）再次出现同类问题，说明前次整改不到位、责任不落实（第二十一条）");
    public static readonly AssessmentWeight Veto = new("Assessment.VetoPoints", "单项否决问题", "每个", 5, 0, 50,
        "单项否决指标（国办秘函〔2019〕19号）一项即可使网站不合格，按问题中最重的计");
    public static readonly AssessmentWeight Messages = new("Assessment.MessagePoints", "网民留言按时办理", "满分", 10, 0, 50,
        "按 满分×（1－按时办理率）扣分；4 个工作日内答复（第十二条）最多相当于 10 个一般问题");
    public static readonly AssessmentWeight StaleColumn = new("Assessment.StaleColumnPoints", "超期未更新栏目", "每个", 2, 0, 20,
        "栏目在规定时间内未更新即为不合格（第十三条），与逾期整改同计");
    public static readonly AssessmentWeight BlankColumn = new("Assessment.BlankColumnPoints", "空白栏目", "每个", 2, 0, 20,
        "空白栏目超过 5 个为单项否决（国办秘函〔2019〕19号），每个与超期栏目同计");
    public static readonly AssessmentWeight Order = new("Assessment.Measure.Order", "责令整改", "每次", 2, 0, 50,
        "第二十一条：整改不及时、不到位的，责令立即整改——问责中最轻的一种");
    public static readonly AssessmentWeight Talk = new("Assessment.Measure.Talk", "约谈", "每次", 3, 0, 50,
        "第二十二条：约谈");
    public static readonly AssessmentWeight Written = new("Assessment.Measure.Written", "书面检查", "每次", 3, 0, 50,
        "第二十二条：书面检查，与约谈同计");
    public static readonly AssessmentWeight Criticism = new("Assessment.Measure.Criticism", "通报批评", "每次", 5, 0, 50,
        "第二十二条：通报批评，公开的责任追究，重于约谈和书面检查");
    public static readonly AssessmentWeight Referral = new("Assessment.Measure.Referral", "移交严肃处理", "每次", 10, 0, 100,
        "第二十二条：情节严重、造成重大影响，依据党政纪有关规定严肃处理——最重");

    public static readonly IReadOnlyList<AssessmentWeight> All =
        [Finding, Late, Overdue, Repeat, Veto, Messages, StaleColumn, BlankColumn, Order, Talk, Written, Criticism, Referral];

    /// <summary>The measure kinds (第21–22条) and their weights.</summary>
    public static readonly IReadOnlyList<(string Kind, AssessmentWeight Weight)> Measures =
        [(MeasureKinds.OrderRectification, Order), (MeasureKinds.Interview, Talk), (MeasureKinds.WrittenSelfExamination, Written),
         (MeasureKinds.Criticism, Criticism), (MeasureKinds.Referral, Referral)];

    /// <summary>The weights in force.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> LoadAsync(SettingsService settings, CancellationToken ct = default)
    {
        var values = new Dictionary<string, int>();
        foreach (var w in All) values[w.Key] = await settings.GetIntAsync(w.Key, w.Default, ct);
        return values;
    }

    /// <summary>Admin saves the weights: each within its range, audited by the settings service. Returns the Chinese errors.</summary>
    public static async Task<IReadOnlyList<string>> SaveAsync(SettingsService settings, Actor actor, IReadOnlyDictionary<string, int> values,
        CancellationToken ct = default)
    {
        var errors = new List<string>();
        foreach (var w in All)
        {
            if (!values.TryGetValue(w.Key, out var v)) continue;
            if (await settings.SetIntAsync(actor, w.Key, v, w.Min, w.Max, ct) is { } error) errors.Add($"{w.Label}：{error}");
        }
        return errors;
    }

    /// <summary>得分 = 100 − … as the page and the export show it, with the weights in force.</summary>
    public static string Formula(IReadOnlyDictionary<string, int> w)
    {
        string Term(AssessmentWeight x) => $"{x.Label}数×{w[x.Key]}";
        var findings = string.Join(" − ", new[] { Finding, Late, Overdue, Repeat, Veto }.Select(Term));
        var columns = string.Join(" − ", new[] { StaleColumn, BlankColumn }.Select(Term));
        var measures = string.Join(" − ", Measures.Select(m => $"{m.Kind}次数×{w[m.Weight.Key]}"));
        return $"得分 = {FullMarks} − {findings} − {w[Messages.Key]}×(1 − 留言按时办理率) − {columns} − {measures}（最低 0 分）";
    }
}
