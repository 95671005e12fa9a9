using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>A period of China dates, both ends included (a quarter, a year).</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public DateTime FromUtc => ChinaTime.Span(From, To).FromUtc;
    /// <summary>The first instant after the period (midnight China time of the day after <see cref="To"/>).</summary>
    public DateTime EndUtc => ChinaTime.Span(From, To).ToUtc;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    public static ReportPeriod Quarter(int year, int quarter)
    {
        var first = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
        return new ReportPeriod(first, first.AddMonths(3).AddDays(-1));
    }

    public static ReportPeriod Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>"2026年1月1日至2026年3月31日".</summary>
    public string Text => $"{From.Year}年{From.Month}月{From.Day}日至{To.Year}年{To.Month}月{To.Day}日";

    /// <summary>The quarter (1–4) a China date falls in.</summary>
    public static int QuarterOf(DateOnly day) => (day.Month - 1) / 3 + 1;
}

/// <summary>How a finding stands for accountability: the figures of the circular and the assessment count these.</summary>
public enum FindingOutcome
{
    /// <summary>整改中 (or 待核验) and not past its deadline.</summary>
    InProgress,
    /// <summary>已销号, the verified report came in by its deadline.</summary>
    OnTime,
    /// <summary>逾期整改: verified, or awaiting verification, with a report submitted after its deadline (第21条 整改不及时).</summary>
    Late,
    /// <summary>逾期未整改: still with the unit past its deadline (第21条 整改不到位).</summary>
    Overdue,
    /// <summary>已撤销 by the Monitor: counted nowhere.</summary>
    Cancelled,
}

/// <summary>One finding as the accountability reports read it.</summary>
public sealed record FindingFact(long Id, string Number, string Title, int UnitId, string Category, FindingSeverity Severity, string Source,
    string State, DateTime FoundAtUtc, DateTime? DueAtUtc, DateTime? ClosedAtUtc, bool IsRepeat, int? ColumnId, FindingOutcome Outcome)
{
    public string StateName => RectificationWorkflow.Definition.StateDisplayName(State);
    public bool IsVeto => Severity == FindingSeverity.Veto;
    /// <summary>A column's lapse (超期 / 空白): counted by the column figures, 第13条.</summary>
    public bool IsColumnLapse => ColumnId is not null && Category is FindingCategories.NotUpdated or FindingCategories.Blank;
}

/// <summary>Whether a column lapse was a stale (超期未更新) or a blank (空白) column.</summary>
public enum LapseKind
{
    Stale,
    Blank,
}

/// <summary>A column that was stale or blank in a period.</summary>
public sealed record ColumnLapse(int ColumnId, string Path, int UnitId, string UnitName, int UnitOrder, string Category, LapseKind Kind)
{
    public string KindName => Kind == LapseKind.Blank ? "空白栏目" : "超期未更新";
}

/// <summary>A measure (第22条) taken in a period.</summary>
public sealed record MeasureFact(long Id, int UnitId, string UnitName, string Kind, DateOnly Date, string Reason);

/// <summary>
/// The measured data that the circular (第20条(一)) and the annual assessment (第20条(二)) both read: W4 findings and
/// how they were rectified, the register's stale and blank columns, the measures recorded. One reading, so the two
/// documents never disagree about a figure.
/// </summary>
public static class AccountabilityFacts
{
    /// <summary>
    /// 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决: more than 5 动态要闻 / 通知公告 / 政策文件 columns not
    /// updated, or more than 5 blank columns, fail the whole website. The line is "超过 5 个".
    /// </summary>
    public const int VetoLine = 5;

    public static string OutcomeName(FindingOutcome o) => o switch
    {
        FindingOutcome.OnTime => "按时整改",
        FindingOutcome.Late => "逾期整改",
        FindingOutcome.Overdue => "逾期未整改",
        FindingOutcome.Cancelled => "已撤销",
        _ => "整改中",
    };

    /// <summary>
    /// The findings matching <paramref name="filter"/> (not cancelled ones unless asked), each with its outcome at
    /// <paramref name="nowUtc"/>: open with the unit past the open deadline → 逾期未整改; a report submitted after the
    /// deadline that applied → 逾期整改 (once verified, <see cref="Finding.RectifiedOnTime"/> says so).
    /// </summary>
    public static async Task<List<FindingFact>> FindingsAsync(GovernanceDbContext db, System.Linq.Expressions.Expression<Func<Finding, bool>> filter,
        DateTime nowUtc, CancellationToken ct)
    {
        var rows = await (
            from f in db.Findings.AsNoTracking().Where(filter)
            join i in db.WorkflowInstances on f.InstanceId equals i.Id
            select new
            {
                f.InstanceId, i.Number, i.Title, Unit = i.HandlingUnitId ?? i.OwnerUnitId ?? 0, f.Category, f.Severity, f.Source, i.State, f.FoundAtUtc,
                f.DueAtUtc, f.SubmittedAtUtc, f.ClosedAtUtc, f.RectifiedOnTime, f.IsRepeat, f.IsCancelled, f.ColumnId,
                OpenDue = db.Deadlines.Where(d => d.InstanceId == i.Id && d.ClosedAtUtc == null).OrderByDescending(d => d.StateEntrySeq)
                    .Select(d => (DateTime?)d.DueAtUtc).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var outcome = r.IsCancelled || r.State == RectificationWorkflow.S.Cancelled ? FindingOutcome.Cancelled
                : r.State == RectificationWorkflow.S.Closed ? (r.RectifiedOnTime == false ? FindingOutcome.Late : FindingOutcome.OnTime)
                // 待核验: the unit has done its part; late when the report came after its deadline.
                : r.State == RectificationWorkflow.S.Submitted ? (r.DueAtUtc is { } due && r.SubmittedAtUtc > due ? FindingOutcome.Late : FindingOutcome.InProgress)
                : r.OpenDue is { } open && open < nowUtc ? FindingOutcome.Overdue
                : FindingOutcome.InProgress;
            var dueShown = r.State is RectificationWorkflow.S.Closed or RectificationWorkflow.S.Submitted ? r.DueAtUtc : r.OpenDue ?? r.DueAtUtc;
            return new FindingFact(r.InstanceId, r.Number, r.Title, r.Unit, r.Category, r.Severity, r.Source, r.State, r.FoundAtUtc, dueShown,
                r.ClosedAtUtc, r.IsRepeat, r.ColumnId, outcome);
        }).ToList();
    }

    /// <summary>
    /// The columns stale or blank in the period (第13条): every column with a lapse finding (信息不更新 / 空白栏目 against the
    /// column, raised by the daily sweep or an inspection) found in the period and not cancelled, and — when the period
    /// contains today — every column the register shows 超期 or 空白 now. One row per column and kind.
    /// </summary>
    public static async Task<List<ColumnLapse>> ColumnLapsesAsync(GovernanceDbContext db, ReportPeriod period, DateTime nowUtc, CancellationToken ct)
    {
        var (start, end) = (period.FromUtc, period.EndUtc);
        var found = await (
            from f in db.Findings.AsNoTracking()
            where f.ColumnId != null && !f.IsCancelled && f.FoundAtUtc >= start && f.FoundAtUtc < end
                  && (f.Category == FindingCategories.NotUpdated || f.Category == FindingCategories.Blank)
            join c in db.Columns on f.ColumnId equals c.Id
            select new { c.Id, c.Path, c.UnitId, Unit = c.Unit!.Name, c.Unit.SortOrder, c.Category, Blank = f.Category == FindingCategories.Blank })
            .ToListAsync(ct);
        var lapses = found.Select(x => new ColumnLapse(x.Id, x.Path, x.UnitId, x.Unit, x.SortOrder, x.Category, x.Blank ? LapseKind.Blank : LapseKind.Stale))
            .ToList();
        if (period.Contains(ChinaTime.Date(nowUtc)))
        {
            var now = await db.Columns.AsNoTracking()
                .Where(c => c.IsActive && !c.IsSuspended && (c.Status == ColumnStatus.Overdue || c.Status == ColumnStatus.Blank))
                .Select(c => new { c.Id, c.Path, c.UnitId, Unit = c.Unit!.Name, c.Unit.SortOrder, c.Category, c.Status }).ToListAsync(ct);
            lapses.AddRange(now.Select(x => new ColumnLapse(x.Id, x.Path, x.UnitId, x.Unit, x.SortOrder, x.Category,
                x.Status == ColumnStatus.Blank ? LapseKind.Blank : LapseKind.Stale)));
        }
        return lapses.DistinctBy(l => (l.ColumnId, l.Kind)).OrderBy(l => l.UnitOrder).ThenBy(l => l.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether a stale column counts toward the national veto line (its update class is 动态要闻, 通知公告 or 政策文件).</summary>
    public static bool CountsTowardStaleVeto(ColumnLapse l) => l.Kind == LapseKind.Stale && Registers.ColumnCategories.CountsTowardStaleVeto(l.Category);

    /// <summary>The measures (第21–22条) dated in the period and not revoked, oldest first.</summary>
    public static async Task<List<MeasureFact>> MeasuresAsync(GovernanceDbContext db, ReportPeriod period, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);
        // A revoked measure (已撤销) was withdrawn by the officer: it is no measure.
        return await db.AccountabilityMeasures.AsNoTracking()
            .Where(m => m.MeasureDate >= from && m.MeasureDate <= to
                        && db.WorkflowInstances.Any(i => i.Id == m.InstanceId && i.State != MeasureWorkflow.S.Revoked))
            .OrderBy(m => m.MeasureDate).ThenBy(m => m.InstanceId)
            .Select(m => new MeasureFact(m.InstanceId, m.UnitId, m.Unit!.Name, m.Kind, m.MeasureDate, m.Reason))
            .ToListAsync(ct);
    }
}
