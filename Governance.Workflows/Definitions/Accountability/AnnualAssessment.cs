using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>One unit's year: the figures measured, the points lost for each group, the score and the rank.</summary>
public sealed record AssessmentRow(int UnitId, string UnitName, int Rank, decimal Score,
    int Findings, int OnTime, int Late, int Overdue, int Repeats, int Veto,
    int MessagesDue, int MessagesOnTime, int StaleColumns, int BlankColumns, IReadOnlyDictionary<string, int> Measures,
    decimal FindingDeduction, decimal MessageDeduction, decimal ColumnDeduction, decimal MeasureDeduction)
{
    /// <summary>按时办理率 = replied on time ÷ (replied + overdue without a reply); null when the unit owed no reply.</summary>
    public decimal? MessageRate => MessagesDue == 0 ? null : Math.Round((decimal)MessagesOnTime / MessagesDue, 4);
    public int MeasureCount => Measures.Values.Sum();
    public decimal TotalDeduction => FindingDeduction + MessageDeduction + ColumnDeduction + MeasureDeduction;
}

public sealed record AssessmentReport(int Year, DateTime AsOfUtc, IReadOnlyDictionary<string, int> Weights, IReadOnlyList<AssessmentRow> Rows)
{
    public string Formula => AssessmentWeights.Formula(Weights);
}

/// <summary>
/// 第20条(二) 年度考核: "政府网站建设管理情况纳入年度目标责任制考核" — a score per unit for a year from what the portal
/// measured: the findings found in the year and how they were rectified (按时 / 逾期 / 逾期未整改 / 重复 / 单项否决), the
/// message on-time rate (W3's <see cref="MessageStatistics"/>, messages received in the year), the stale and blank columns,
/// and the measures recorded. The weights are Admin settings (<see cref="AssessmentWeights"/>). The county roles see every
/// unit; a unit's own staff see only their unit's row (with its rank), never another unit's.
/// </summary>
public sealed class AnnualAssessment(
    IDbContextFactory<GovernanceDbContext> dbFactory, MessageStatistics messages, SettingsService settings, TimeProvider time)
{
    /// <summary>The statistics are the county's figures: the assessment reads them as the system.</summary>
    private static readonly Actor Reader = Actor.System("assessment", "年度考核");

    public const int MinYear = 2000, MaxYear = 2100;

    public static string? CheckYear(int year) => year is < MinYear or > MaxYear ? $"考核年度须在 {MinYear} 至 {MaxYear} 之间。" : null;

    public async Task<AssessmentReport?> ComputeAsync(Actor actor, int year, CancellationToken ct = default)
    {
        if (CheckYear(year) is not null || actor.IsSystem) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var period = ReportPeriod.Year(year);
        var weights = await AssessmentWeights.LoadAsync(settings, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (from, end) = (period.FromUtc, period.EndUtc);
        var findings = (await AccountabilityFacts.FindingsAsync(db, f => f.FoundAtUtc >= from && f.FoundAtUtc < end, now, ct))
            .Where(f => f.Outcome != FindingOutcome.Cancelled && !f.IsColumnLapse).ToLookup(f => f.UnitId);
        var columns = (await AccountabilityFacts.ColumnLapsesAsync(db, period, now, ct)).ToLookup(c => c.UnitId);
        var measures = (await AccountabilityFacts.MeasuresAsync(db, period, ct)).ToLookup(m => m.UnitId);
        var stats = (await messages.ComputeAsync(Reader, period.From, period.To, ct))?.Units.Where(u => u.UnitId is not null)
            .ToDictionary(u => u.UnitId!.Value) ?? [];

        // 第4条: the towns and departments keep the portal's columns; any other unit is assessed once it has something measured.
        var measured = findings.Select(g => g.Key).Concat(columns.Select(g => g.Key)).Concat(measures.Select(g => g.Key)).Concat(stats.Keys).ToHashSet();
        var units = await db.Units.AsNoTracking()
            .Where(u => (u.IsActive && (u.Kind == UnitKind.Department || u.Kind == UnitKind.Town)) || measured.Contains(u.Id))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync(ct);

        var rows = units.Select(u =>
        {
            var fs = findings[u.Id].ToList();
            var stat = stats.GetValueOrDefault(u.Id);
            var due = stat is null ? 0 : stat.Replied + stat.OverdueOpen;
            var kinds = AssessmentWeights.Measures.ToDictionary(k => k.Kind, k => measures[u.Id].Count(m => m.Kind == k.Kind));
            var row = new AssessmentRow(u.Id, u.Name, 0, 0, fs.Count, fs.Count(f => f.Outcome == FindingOutcome.OnTime),
                fs.Count(f => f.Outcome == FindingOutcome.Late), fs.Count(f => f.Outcome == FindingOutcome.Overdue), fs.Count(f => f.IsRepeat),
                fs.Count(f => f.IsVeto), due, stat?.RepliedOnTime ?? 0, columns[u.Id].Count(c => c.Kind == LapseKind.Stale),
                columns[u.Id].Count(c => c.Kind == LapseKind.Blank), kinds, 0, 0, 0, 0);
            return Score(row, weights);
        }).ToList();

        // Competition ranking: equal scores share a rank (1, 2, 2, 4); within a score, the register's unit order.
        var ranked = rows.OrderByDescending(r => r.Score).ToList();
        var result = ranked.Select(r => r with { Rank = 1 + ranked.Count(x => x.Score > r.Score) }).ToList();
        if (!actor.SeesAllUnits) result = result.Where(r => r.UnitId == actor.UnitId).ToList();
        return new AssessmentReport(year, now, weights, result);
    }

    /// <summary>The points lost in each group and the score (two decimals, never below 0).</summary>
    public static AssessmentRow Score(AssessmentRow r, IReadOnlyDictionary<string, int> w)
    {
        decimal W(AssessmentWeight x) => w.TryGetValue(x.Key, out var v) ? v : x.Default;
        var findings = r.Findings * W(AssessmentWeights.Finding) + r.Late * W(AssessmentWeights.Late) + r.Overdue * W(AssessmentWeights.Overdue)
                       + r.Repeats * W(AssessmentWeights.Repeat) + r.Veto * W(AssessmentWeights.Veto);
        var message = r.MessageRate is { } rate ? Math.Round(W(AssessmentWeights.Messages) * (1 - rate), 2) : 0m;
        var columns = r.StaleColumns * W(AssessmentWeights.StaleColumn) + r.BlankColumns * W(AssessmentWeights.BlankColumn);
        var measures = AssessmentWeights.Measures.Sum(k => r.Measures.GetValueOrDefault(k.Kind) * W(k.Weight));
        var score = Math.Max(0m, AssessmentWeights.FullMarks - findings - message - columns - measures);
        return r with { FindingDeduction = findings, MessageDeduction = message, ColumnDeduction = columns, MeasureDeduction = measures, Score = score };
    }
}
