using System.Security.Cryptography;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Imports;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>One row of an inspection report: what it says, the finding it would raise, and its problems (none when valid).</summary>
public sealed record FindingImportRow(int Line, string? Unit, string? Category, string? Severity, string? Description, string? Url, string? Column,
    NewFinding? Finding, IReadOnlyList<string> Problems, bool AlreadyImported)
{
    public bool IsValid => Finding is not null && Problems.Count == 0 && !AlreadyImported;
}

public sealed record FindingImportPreview(string FileName, int CampaignId, IReadOnlyList<FindingImportRow> Rows, string? Error)
{
    public int ValidCount => Rows.Count(r => r.IsValid);
}

public sealed record FindingImportReport(int Imported, int Skipped, string? Error)
{
    public string Summary => Error ?? $"{Imported} 条问题已下发，{Skipped} 条跳过。";
}

/// <summary>
/// 检查报告导入 (第20条(一)): a quarterly or higher-level inspection report (the Excel template, or CSV) raises its findings
/// in bulk for a campaign. The preview shows each row's problems first; each valid row becomes a finding through
/// <see cref="FindingService.RaiseAsync"/>, keyed by the campaign and the row's content, so importing again raises nothing twice.
/// </summary>
public sealed class FindingImport(IDbContextFactory<GovernanceDbContext> dbFactory, FindingService findings)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 2000;

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("整改单位", "unit", true), new("问题类别", "category", true), new("严重程度", "severity", true), new("问题描述", "description", true),
        new("网址", "url"), new("栏目", "column"), new("整改时限（工作日）", "days"), new("标题", "title"),
    ];

    public static byte[] Template() => SheetReader.Template("检查问题", Columns,
    [
        ("整改单位", "必填，单位全称，如“县教育局”“城关街道办事处”。"),
        ("问题类别", "必填：" + string.Join(" / ", FindingCategories.All) + "。"),
        ("严重程度", "必填：一般 / 严重 / 单项否决。"),
        ("问题描述", "必填，不超过 4000 字。"),
        ("网址", "选填，问题所在页面，以 http:// 或 https:// 开头。"),
        ("栏目", "选填，栏目台账中的栏目路径（如“政务公开/通知公告”）或本单位唯一的栏目名称；须属于整改单位。"),
        ("整改时限（工作日）", "选填，1 至 30；不填按严重程度的默认时限（一般 5、严重 2、单项否决 1 个工作日）。"),
        ("标题", "选填；不填由问题类别和描述生成。"),
    ]);

    public async Task<FindingImportPreview> PreviewAsync(int campaignId, Stream stream, string fileName, CancellationToken ct = default)
    {
        var (content, tooLarge) = await SheetReader.ReadAllAsync(stream, MaxBytes, ct);
        if (content is null) return new FindingImportPreview(fileName, campaignId, [], tooLarge);
        var sheet = SheetReader.Read(content, fileName, Columns, MaxRows, "问题");
        if (sheet.Error is not null) return new FindingImportPreview(fileName, campaignId, [], sheet.Error);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.InspectionCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null) return new FindingImportPreview(fileName, campaignId, [], "请先选择检查批次。");
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).ToDictionaryAsync(u => u.Name, u => u.Id, ct);
        var columns = await db.Columns.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Path, c.Name, c.UnitId }).ToListAsync(ct);
        var rows = new List<FindingImportRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in sheet.Rows)
        {
            var problems = new List<string>();
            var unitName = PlainText.CleanLine(r["unit"]);
            if (!units.TryGetValue(unitName, out var unitId)) problems.Add(unitName.Length == 0 ? "缺少整改单位" : $"没有名为“{unitName}”的在用单位");
            var category = PlainText.CleanLine(r["category"]);
            if (!FindingCategories.All.Contains(category)) problems.Add(category.Length == 0 ? "缺少问题类别" : $"问题类别“{category}”不在规定类别中");
            var severity = FindingSeverities.Parse(r["severity"]);
            if (severity is null) problems.Add("严重程度须为 一般 / 严重 / 单项否决");
            var description = PlainText.Clean(r["description"]);
            if (description.Length == 0) problems.Add("缺少问题描述");
            else if (description.Length > 4000) problems.Add("问题描述超过 4000 字");
            var url = PlainText.CleanOrNull(r["url"]);
            if (url is not null && !ColumnRequests.ColumnRequestValidator.IsHttpUrl(url)) problems.Add("网址须以 http:// 或 https:// 开头");
            var columnPath = PlainText.CleanOrNull(r["column"]);
            int? columnId = null;
            if (columnPath is not null)
            {
                // The register's path, or the column's own name when it names one column of the unit.
                var ofUnit = columns.Where(c => unitId == 0 || c.UnitId == unitId).ToList();
                var byName = ofUnit.Where(c => c.Name == columnPath).ToList();
                var column = ofUnit.FirstOrDefault(c => c.Path == columnPath) ?? (byName.Count == 1 ? byName[0] : null);
                if (column is null)
                    problems.Add(byName.Count > 1 ? $"整改单位有多个名为“{columnPath}”的栏目，请填写栏目路径" : $"整改单位没有栏目“{columnPath}”");
                else columnId = column.Id;
            }
            if (!FindingService.TryParseDays(r["days"], out var days) || days is < 1 or > RectificationWorkflow.MaxWorkingDays)
                problems.Add($"整改时限须为 1 至 {RectificationWorkflow.MaxWorkingDays} 的整数");
            NewFinding? finding = null;
            var already = false;
            if (problems.Count == 0)
            {
                var sourceRef = SourceRef(campaignId, unitName, category, url, columnPath, description);
                if (seen.TryGetValue(sourceRef, out var first)) problems.Add($"与第 {first} 行重复");
                else seen[sourceRef] = r.Line;
                already = await db.Findings.AnyAsync(x => x.SourceRef == sourceRef, ct);
                var source = campaign.Kind == FindingSources.Higher ? FindingSources.Higher : FindingSources.Quarterly;
                finding = new NewFinding(unitId, source, category, severity!.Value, PlainText.CleanLine(r["title"]), description, url, columnId,
                    campaignId, days, sourceRef);
            }
            rows.Add(new FindingImportRow(r.Line, unitName, category, r["severity"], description, url, columnPath, finding, problems, already));
        }
        return new FindingImportPreview(fileName, campaignId, rows, null);
    }

    /// <summary>Raises each valid row of the preview, the Monitor as actor; rows raised meanwhile are skipped, not duplicated.</summary>
    public async Task<FindingImportReport> ImportAsync(Actor actor, FindingImportPreview preview, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return new FindingImportReport(0, 0, "只有监测员可以导入检查问题。");
        if (preview.Error is not null) return new FindingImportReport(0, 0, preview.Error);
        int imported = 0, skipped = 0;
        foreach (var row in preview.Rows)
        {
            if (!row.IsValid)
            {
                skipped++;
                continue;
            }
            var result = await findings.RaiseAsync(row.Finding!, actor, ct);
            if (result.Succeeded && !result.Existed) imported++;
            else skipped++;
        }
        return new FindingImportReport(imported, skipped, null);
    }

    /// <summary>The same problem in the same campaign is the same finding, whichever file or how often it is imported.</summary>
    private static string SourceRef(int campaignId, string unit, string category, string? url, string? column, string description)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', unit, category, url ?? "", column ?? "", description)));
        return $"import:{campaignId}:{Convert.ToHexStringLower(hash)[..32]}";
    }
}
