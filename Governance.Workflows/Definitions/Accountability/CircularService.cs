using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>A campaign as the campaigns page lists it, with its circular once one has been generated.</summary>
public sealed record CampaignCircularRow(int CampaignId, string Name, string Kind, int Year, int? Quarter, int Findings, int Open, string? Number,
    DateTime? GeneratedAtUtc);

/// <summary>The figures of the whole campaign (一、总体情况).</summary>
public sealed record CircularSummary(int Findings, int Units, int Closed, int OnTime, int Late, int InProgress, int Overdue, int Repeats, int Veto);

/// <summary>One unit's findings in the campaign, with its counts.</summary>
public sealed record CircularUnit(int UnitId, string UnitName, IReadOnlyList<FindingFact> Findings)
{
    public int Count(FindingOutcome o) => Findings.Count(f => f.Outcome == o);
    public int Closed => Findings.Count(f => f.State == RectificationWorkflow.S.Closed);
    public int Repeats => Findings.Count(f => f.IsRepeat);
}

/// <summary>A unit praised or criticised, and why.</summary>
public sealed record UnitVerdict(string UnitName, string Reason);

/// <summary>Everything the circular says, read once; <see cref="CircularDocument"/> lays it out as Word.</summary>
public sealed record CircularData(string Number, string Title, string CampaignName, ReportPeriod Period, DateTime AsOfUtc, DateOnly IssuedOn,
    CircularSummary Summary, IReadOnlyList<CircularUnit> Units, IReadOnlyList<UnitVerdict> Praised, IReadOnlyList<UnitVerdict> Criticised,
    IReadOnlyList<MeasureFact> Measures, IReadOnlyList<ColumnLapse> Columns, MessageStatsReport? Messages)
{
    /// <summary>Stale 动态要闻 / 通知公告 / 政策文件 columns (the first veto line).</summary>
    public int StaleVetoCount => Columns.Count(AccountabilityFacts.CountsTowardStaleVeto);
    public int BlankCount => Columns.Count(c => c.Kind == LapseKind.Blank);
}

public enum CircularProblem
{
    None,
    NotFound,
    NotIssued,
    Forbidden,
}

/// <summary>
/// 第20条(一): "每季度对各部门网站信息内容和安全管理进行一次全面检测检查并通报". A campaign's circular (通报): its number
/// (扶政网通〔YYYY〕N号) is given once, the first time an AccountabilityOfficer or a Monitor generates it, and kept — a
/// circular generated again has the same number and title and the figures as they stand then. The county roles read it;
/// units get it as the document it is, not through the portal.
/// </summary>
public sealed class CircularService(
    IDbContextFactory<GovernanceDbContext> dbFactory, FindingService findings, MessageStatistics messages, TimeProvider time)
{
    /// <summary>县政府办公室 leads the inspection and issues the circular (第20条(一)).</summary>
    public const string Issuer = "扶风县人民政府办公室";
    public const string NumberPrefix = "扶政网通";

    /// <summary>第20条(一): 县政府办公室 (AccountabilityOfficer) leads, 县数字化信息服务中心 (Monitor) inspects; they generate.</summary>
    public static bool CanIssue(Actor actor) => actor.IsInRole(Roles.AccountabilityOfficer) || actor.IsInRole(Roles.Monitor);

    /// <summary>The county roles read circulars (Observers too, 第20条(三)); a unit's own staff do not read them here.</summary>
    public static bool CanRead(Actor actor) => !actor.IsSystem && actor.SeesAllUnits;

    public static string NumberOf(int year, int seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{NumberPrefix}〔{year}〕{seq}号");

    public static string TitleOf(InspectionCampaign c) => c.Quarter is { } q && c.Kind == FindingSources.Quarterly
        ? $"关于{c.Year}年第{QuarterName(q)}季度全县政府网站检查情况的通报"
        : $"关于{c.Name}情况的通报";

    private static string QuarterName(int q) => q switch { 1 => "一", 2 => "二", 3 => "三", _ => "四" };

    /// <summary>A quarterly campaign covers its quarter; another campaign its year.</summary>
    public static ReportPeriod PeriodOf(InspectionCampaign c) =>
        c.Quarter is { } q and >= 1 and <= 4 ? ReportPeriod.Quarter(c.Year, q) : ReportPeriod.Year(c.Year);

    public async Task<IReadOnlyList<CampaignCircularRow>> CampaignsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!CanRead(actor)) return [];
        var campaigns = await findings.CampaignsAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var circulars = await db.Circulars.AsNoTracking().ToDictionaryAsync(c => c.CampaignId, ct);
        return campaigns.Select(c => circulars.TryGetValue(c.Id, out var x)
            ? new CampaignCircularRow(c.Id, c.Name, c.Kind, c.Year, c.Quarter, c.Findings, c.Open, x.Number, x.GeneratedAtUtc)
            : new CampaignCircularRow(c.Id, c.Name, c.Kind, c.Year, c.Quarter, c.Findings, c.Open, null, null)).ToList();
    }

    /// <summary>
    /// Gives the campaign's circular its number, once: the first call stores 扶政网通〔year〕N号 (N the next in the China year
    /// of issue) and writes an audit entry; later calls answer the stored one. Serialized by the write transaction (and, on
    /// a server that lets two through, by the unique indexes on the campaign and on the year's sequence).
    /// </summary>
    public async Task<(Circular? Circular, string? Error)> IssueAsync(Actor actor, int campaignId, CancellationToken ct = default)
    {
        if (!CanIssue(actor)) return (null, "只有督查问责人员或监测员可以生成通报。");
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var campaign = await db.InspectionCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
            if (campaign is null) return (null, "检查批次不存在。");
            if (await db.Circulars.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct) is { } existing) return (existing, null);
            var now = time.GetUtcNow().UtcDateTime;
            var year = ChinaTime.Year(now);
            var seq = (await db.Circulars.Where(c => c.Year == year).MaxAsync(c => (int?)c.Seq, ct) ?? 0) + 1;
            var circular = new Circular
            {
                CampaignId = campaignId, Year = year, Seq = seq, Number = NumberOf(year, seq), Title = TitleOf(campaign),
                GeneratedByUserId = actor.UserId, GeneratedAtUtc = now,
            };
            db.Circulars.Add(circular);
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "circular.issue", $"生成通报 {circular.Number}：{circular.Title}（检查批次“{campaign.Name}”）",
                now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (circular, null);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node numbered it (or took the sequence) first: read again.
            }
        }
    }

    /// <summary>The circular's contents as they stand now; null data with the reason when the actor may not, or it is not issued.</summary>
    public async Task<(CircularData? Data, CircularProblem Problem)> BuildAsync(Actor actor, int campaignId, CancellationToken ct = default)
    {
        if (!CanRead(actor)) return (null, CircularProblem.Forbidden);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.InspectionCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null) return (null, CircularProblem.NotFound);
        var circular = await db.Circulars.AsNoTracking().FirstOrDefaultAsync(c => c.CampaignId == campaignId, ct);
        if (circular is null) return (null, CircularProblem.NotIssued);
        var period = PeriodOf(campaign);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.Name, u.SortOrder), ct);

        var facts = (await AccountabilityFacts.FindingsAsync(db, f => f.CampaignId == campaignId, now, ct))
            .Where(f => f.Outcome != FindingOutcome.Cancelled).ToList();
        var byUnit = facts.GroupBy(f => f.UnitId)
            .OrderBy(g => units.GetValueOrDefault(g.Key).SortOrder).ThenBy(g => g.Key)
            .Select(g => new CircularUnit(g.Key, units.GetValueOrDefault(g.Key).Name ?? "", g.OrderBy(f => f.FoundAtUtc).ThenBy(f => f.Id).ToList()))
            .ToList();
        var summary = new CircularSummary(facts.Count, byUnit.Count, facts.Count(f => f.State == RectificationWorkflow.S.Closed),
            facts.Count(f => f.Outcome == FindingOutcome.OnTime), facts.Count(f => f.Outcome == FindingOutcome.Late),
            facts.Count(f => f.Outcome == FindingOutcome.InProgress), facts.Count(f => f.Outcome == FindingOutcome.Overdue),
            facts.Count(f => f.IsRepeat), facts.Count(f => f.IsVeto));

        // Praised: every finding rectified and verified on time, none a repeat. Criticised: overdue, late or repeated (第21条:
        // 整改不及时、不到位).
        var praised = byUnit.Where(u => u.Findings.All(f => f.Outcome == FindingOutcome.OnTime && !f.IsRepeat))
            .Select(u => new UnitVerdict(u.UnitName, $"{u.Findings.Count} 个问题均按时整改到位")).ToList();
        var criticised = byUnit.Select(u => (u, Reason: Criticism(u))).Where(x => x.Reason is not null)
            .Select(x => new UnitVerdict(x.u.UnitName, x.Reason!)).ToList();

        var measures = await AccountabilityFacts.MeasuresAsync(db, period, ct);
        var columns = await AccountabilityFacts.ColumnLapsesAsync(db, period, now, ct);
        var stats = await messages.ComputeAsync(actor, period.From, period.To, ct);
        return (new CircularData(circular.Number, circular.Title, campaign.Name, period, now, ChinaTime.Date(circular.GeneratedAtUtc), summary, byUnit,
            praised, criticised, measures, columns, stats), CircularProblem.None);
    }

    private static string? Criticism(CircularUnit u)
    {
        var parts = new List<string>();
        if (u.Count(FindingOutcome.Overdue) is > 0 and var overdue) parts.Add($"逾期未整改 {overdue} 个");
        if (u.Count(FindingOutcome.Late) is > 0 and var late) parts.Add($"逾期整改 {late} 个");
        if (u.Repeats > 0) parts.Add($"重复出现问题 {u.Repeats} 个");
        return parts.Count == 0 ? null : string.Join("，", parts);
    }

    /// <summary>"扶政网通〔2026〕1号_关于….docx" without characters a file name cannot hold.</summary>
    public static string FileName(CircularData d) =>
        string.Concat($"{d.Number}_{d.Title}.docx".Where(ch => !Path.GetInvalidFileNameChars().Contains(ch) && ch != '\\'));
}
