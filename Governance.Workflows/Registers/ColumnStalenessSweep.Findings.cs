using System.Globalization;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Registers;

public sealed partial class ColumnStalenessSweep
{
    /// <summary>The key of a column's n-th lapse: its W4 finding is raised once for it (W4's SourceRef is unique).</summary>
    public static string LapseRef(int columnId, int lapse) =>
        string.Create(CultureInfo.InvariantCulture, $"column:{columnId}:lapse:{lapse}");

    /// <summary>
    /// 第13条 → W4: every column now in a lapse (超期 / 空白) whose lapse has no finding yet gets one, against its unit, through
    /// <see cref="FindingService.RaiseAsync"/> as 系统（栏目巡检）. Idempotent by the lapse's key, so it also opens what a sweep
    /// that stopped between the status and the finding left unopened.
    /// </summary>
    private async Task<int> OpenLapseFindingsAsync(DateTime now, StalenessPolicy policy, CancellationToken ct)
    {
        var today = ChinaTime.Date(now);
        List<Column> lapsed;
        HashSet<string> raised;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            lapsed = await db.Columns.AsNoTracking().Include(c => c.Unit)
                .Where(c => c.IsActive && !c.IsSuspended && c.LapseCount > 0 && (c.Status == ColumnStatus.Overdue || c.Status == ColumnStatus.Blank))
                .ToListAsync(ct);
            var refs = lapsed.Select(c => LapseRef(c.Id, c.LapseCount)).ToList();
            raised = (await db.Findings.AsNoTracking().Where(f => f.SourceRef != null && refs.Contains(f.SourceRef)).Select(f => f.SourceRef!)
                .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        }
        var opened = 0;
        foreach (var c in lapsed.Where(c => !raised.Contains(LapseRef(c.Id, c.LapseCount))))
        {
            var result = await findings.RaiseAsync(LapseFinding(c, Staleness.Evaluate(policy, c, today), policy), SystemActor, ct);
            if (!result.Succeeded)
                logger.LogWarning("Column sweep could not raise the finding of {Ref}: {Error}", LapseRef(c.Id, c.LapseCount), result.Error);
            else if (!result.Existed) opened++;
        }
        return opened;
    }

    /// <summary>The finding of a column's current lapse: 信息不更新 for 超期, 空白栏目 for 空白; 一般, the default deadline.</summary>
    internal static NewFinding LapseFinding(Column c, StalenessResult standing, StalenessPolicy policy)
    {
        var blank = c.Status == ColumnStatus.Blank;
        var unit = c.Unit?.Name ?? "";
        var where = $"栏目“{c.Path}”（{unit}，{c.Category}）";
        var description = blank
            ? $"{where}自 {ChinaTime.Format(c.CreatedAtUtc, "yyyy-MM-dd")} 开设以来没有任何更新，超过 {policy.BlankGraceDays} 天，为空白栏目"
              + "（国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》）。请尽快发布栏目内容；确无内容的栏目应与县数字化信息服务中心联系优化调整（第10条）。"
            : $"{where}最近一次更新为 {ChinaTime.Format(c.LastUpdatedAtUtc, "yyyy-MM-dd")}，已 {standing.DaysSince} 天未更新，超过更新周期 {standing.WindowDays} 天"
              + "（第13条：在规定时间内未进行更新的，确定为不合格）。请及时更新；无力持续更新的栏目应与县数字化信息服务中心联系优化调整（第10条）。";
        var title = blank ? $"空白栏目：{c.Path}" : $"栏目超期未更新：{c.Path}";
        if (title.Length > 200) title = (blank ? "空白栏目：" : "栏目超期未更新：") + c.Name;
        return new NewFinding(c.UnitId, FindingSources.Sweep, blank ? FindingCategories.Blank : FindingCategories.NotUpdated, FindingSeverity.General,
            title, description, c.Url, c.Id, SourceRef: LapseRef(c.Id, c.LapseCount));
    }
}
