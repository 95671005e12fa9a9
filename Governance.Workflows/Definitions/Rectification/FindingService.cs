using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Governance.Workflows.Settings;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>
/// A finding to raise: the unit that must rectify it, where it came from, what and how serious, where (column or URL), and
/// optionally the Monitor's own number of working days and the origin's key (SourceRef: raising it again is no duplicate).
/// </summary>
public sealed record NewFinding(int UnitId, string Source, string Category, FindingSeverity Severity, string? Title, string Description,
    string? Url = null, int? ColumnId = null, int? CampaignId = null, int? WorkingDays = null, string? SourceRef = null);

public sealed record FindingResult(bool Succeeded, long? InstanceId, string? Error, bool Existed = false,
    IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public static FindingResult Refused(string error, IReadOnlyDictionary<string, string>? fields = null) => new(false, null, error, false, fields);
}

/// <summary>What the detail page shows of a finding.</summary>
public sealed record FindingFields(Finding Finding, string? ColumnPath, string? CampaignName, string? RepeatOfNumber);

public sealed record FindingRow(long Id, string Number, string Title, string Category, FindingSeverity Severity, string Source, string State,
    string StateName, StateTone Tone, string? HandlingUnit, DateTime FoundAtUtc, DateTime? DueAtUtc, int? WorkingDaysLeft, bool IsRepeat,
    bool? RectifiedOnTime);

public sealed class FindingQuery
{
    public string? State { get; set; }
    public string? Search { get; set; }
    public bool OpenOnly { get; set; }
    public bool OverdueOnly { get; set; }
    /// <summary>重复发生 only (not the cancelled ones): the dashboard's drill-down.</summary>
    public bool RepeatOnly { get; set; }
    public string? Category { get; set; }
    public FindingSeverity? Severity { get; set; }
    public int? UnitId { get; set; }
    public int? CampaignId { get; set; }
    public string? SortBy { get; set; } = "due";
    public bool Descending { get; set; }
    public int Page { get; set; }
    public int PageSize { get; set; } = 20;
}

public sealed record CampaignRow(int Id, string Name, string Kind, int Year, int? Quarter, int Findings, int Open);

/// <summary>W4's reads and commands: raising findings (Monitors and the system), the report draft, lists, campaigns.</summary>
public sealed class FindingService(
    IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, SettingsService settings, CalendarStore calendars,
    ChangeFeed feed, TimeProvider time)
{
    /// <summary>县数字化信息服务中心 monitors the portal and issues findings (第4条, 第19条(四)); it owns them.</summary>
    public const string IssuingUnitName = "县数字化信息服务中心";
    /// <summary>A finding against the same column (or URL) and category within this many days of the previous one is a repeat.</summary>
    public const int RepeatWindowDays = 90;

    private static readonly SemaphoreSlim RaiseGate = new(1, 1);
    private static WorkflowDefinition Def => RectificationWorkflow.Definition;

    /// <summary>
    /// Raises a finding and issues it to its unit (已下发), whose Editors and UnitReviewers are told at once. Monitors and the
    /// system may; once per SourceRef (a repeat of the same origin answers the stored finding, even under concurrency).
    /// </summary>
    public async Task<FindingResult> RaiseAsync(NewFinding f, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsSystem && !actor.IsInRole(Roles.Monitor)) return FindingResult.Refused("只有监测员可以下发整改问题。");
        var sourceRef = PlainText.CleanOrNull(f.SourceRef);
        if (sourceRef is not null && await ExistingAsync(sourceRef, ct) is { } existing) return new FindingResult(true, existing, null, true);

        var errors = new Dictionary<string, string>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == f.UnitId && u.IsActive, ct);
            if (unit is null) errors["unit"] = "请选择整改单位";
            if (f.ColumnId is { } columnId)
            {
                var column = await db.Columns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == columnId, ct);
                if (column is null) errors["column"] = "栏目不存在";
                else if (unit is not null && column.UnitId != unit.Id) errors["column"] = $"栏目“{column.Path}”不属于{unit.Name}";
            }
            if (f.CampaignId is { } campaignId && !await db.InspectionCampaigns.AnyAsync(c => c.Id == campaignId, ct))
                errors["campaign"] = "检查批次不存在";
        }
        var source = PlainText.CleanLine(f.Source);
        var allowedSources = actor.IsSystem ? FindingSources.All : FindingSources.Manual;
        if (!allowedSources.Contains(source)) errors["source"] = "问题来源须为：" + string.Join("、", allowedSources);
        var category = PlainText.CleanLine(f.Category);
        if (!FindingCategories.All.Contains(category)) errors["category"] = "请选择问题类别";
        if (!Enum.IsDefined(f.Severity)) errors["severity"] = "请选择严重程度";
        var description = PlainText.Clean(f.Description);
        if (description.Length == 0) errors["description"] = "请填写问题描述";
        else if (description.Length > 4000) errors["description"] = "问题描述不能超过 4000 字";
        var url = PlainText.CleanOrNull(f.Url);
        if (url is not null && !ColumnRequestValidator.IsHttpUrl(url)) errors["url"] = "网址须以 http:// 或 https:// 开头";
        if (f.WorkingDays is { } wd && wd is < 1 or > RectificationWorkflow.MaxWorkingDays)
            errors["workingDays"] = $"整改时限须为 1 至 {RectificationWorkflow.MaxWorkingDays} 个工作日";
        var title = PlainText.CleanLine(f.Title);
        if (title.Length > 200) errors["title"] = "标题不能超过 200 字";
        if (errors.Count > 0) return FindingResult.Refused("请修改后再下发：" + string.Join("；", errors.Values), errors);
        if (title.Length == 0) title = $"{category}：{(description.Length > 40 ? description[..40] + "…" : description)}";
        var (key, fallback) = FindingSeverities.Setting(f.Severity);
        var days = f.WorkingDays ?? await settings.GetIntAsync(key, fallback, ct);

        await RaiseGate.WaitAsync(ct);
        try
        {
            if (sourceRef is not null && await ExistingAsync(sourceRef, ct) is { } again) return new FindingResult(true, again, null, true);
            var now = time.GetUtcNow().UtcDateTime;
            int owner;
            List<string> unitUsers;
            (long Id, string Number)? previous;
            int? counterfeitUnit = null;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                owner = await db.Units.Where(u => u.Name == IssuingUnitName).Select(u => u.Id).FirstAsync(ct);
                unitUsers = await NotificationService.UsersInRole(db, Roles.Editor, f.UnitId)
                    .Concat(NotificationService.UsersInRole(db, Roles.UnitReviewer, f.UnitId)).Distinct().ToListAsync(ct);
                previous = await PreviousAsync(db, f.ColumnId, url, category, now, ct);
                if (category == FindingCategories.Counterfeit)
                    counterfeitUnit = await db.Units.Where(u => u.Name == FindingCategories.CounterfeitParticipant).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
            }
            WorkflowInstance instance;
            try
            {
                instance = await runtime.StartAsync(RectificationWorkflow.Key, actor, owner, title, (db, i) =>
                {
                    db.Findings.Add(new Finding
                    {
                        InstanceId = i.Id, SourceRef = sourceRef, Source = source, Category = category, Severity = f.Severity, Description = description,
                        Url = url, ColumnId = f.ColumnId, CampaignId = f.CampaignId, WorkingDays = days, FoundAtUtc = now,
                        IsRepeat = previous is not null, RepeatOfInstanceId = previous?.Id,
                    });
                    // 第15条(三): 县委网信办 leads the handling of a counterfeit site and follows the finding.
                    if (counterfeitUnit is { } cac && cac != f.UnitId) db.InstanceParticipants.Add(new InstanceParticipant { InstanceId = i.Id, UnitId = cac });
                    var severity = FindingSeverities.Name(f.Severity);
                    NotificationService.Add(db, unitUsers.Where(u => u != actor.UserId), "assigned",
                        $"整改通知：{title}（{severity}，{days} 个工作日内整改）", description, Def.Link(i.Id), i.Id, $"w4:{i.Id}:issued", now);
                }, ct, handlingUnitId: f.UnitId);
            }
            catch (DbUpdateException) when (sourceRef is not null)
            {
                // Another node raised the same origin first (UNIQUE SourceRef): answer that one.
                if (await ExistingAsync(sourceRef, ct) is { } theirs) return new FindingResult(true, theirs, null, true);
                throw;
            }
            feed.PublishNotifications(unitUsers);
            return new FindingResult(true, instance.Id, null);
        }
        finally
        {
            RaiseGate.Release();
        }
    }

    private async Task<long?> ExistingAsync(string sourceRef, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Findings.AsNoTracking().Where(x => x.SourceRef == sourceRef).Select(x => (long?)x.InstanceId).FirstOrDefaultAsync(ct);
    }

    /// <summary>The newest finding against the same column (or, without a column, the same URL) and category within 90 days.</summary>
    private static async Task<(long Id, string Number)?> PreviousAsync(GovernanceDbContext db, int? columnId, string? url, string category,
        DateTime now, CancellationToken ct)
    {
        if (columnId is null && url is null) return null;
        var since = now.AddDays(-RepeatWindowDays);
        var q = db.Findings.AsNoTracking().Where(x => x.Category == category && x.FoundAtUtc >= since && !x.IsCancelled);
        q = columnId is { } c ? q.Where(x => x.ColumnId == c) : q.Where(x => x.Url == url);
        var hit = await q.OrderByDescending(x => x.FoundAtUtc)
            .Join(db.WorkflowInstances, x => x.InstanceId, i => i.Id, (x, i) => new { x.InstanceId, i.Number }).FirstOrDefaultAsync(ct);
        return hit is null ? null : (hit.InstanceId, hit.Number);
    }

    /// <summary>The unit's Editor saves the rectification report and the corrected page's URL (整改中); journaled, version-checked.</summary>
    public Task<FireResult> SaveReportAsync(long id, int expectedVersion, Actor actor, string? report, string? reportUrl, CancellationToken ct = default) =>
        runtime.EditAsync(id, expectedVersion, actor, async (db, instance) =>
        {
            var text = PlainText.Clean(report);
            if (text.Length > 10000) return new Refusal("整改报告不能超过 10000 字。", new Dictionary<string, string> { ["report"] = "整改报告过长" });
            var url = PlainText.CleanOrNull(reportUrl);
            if (url is not null && !ColumnRequestValidator.IsHttpUrl(url))
                return new Refusal("整改后页面的网址须以 http:// 或 https:// 开头。", new Dictionary<string, string> { ["reportUrl"] = "网址格式不正确" });
            var f = await db.Findings.FirstAsync(x => x.InstanceId == id, ct);
            f.Report = text.Length == 0 ? null : text;
            f.ReportUrl = url;
            return null;
        }, ct);

    /// <summary>The finding of an item the runtime has loaded for the actor.</summary>
    public async Task<FindingFields?> FieldsAsync(ItemView view, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from f in db.Findings.AsNoTracking()
            where f.InstanceId == view.Instance.Id
            select new
            {
                f,
                Column = f.Column != null ? f.Column.Path : null,
                Campaign = f.Campaign != null ? f.Campaign.Name : null,
                RepeatOf = db.WorkflowInstances.Where(i => i.Id == f.RepeatOfInstanceId).Select(i => i.Number).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
        return row is null ? null : new FindingFields(row.f, row.Column, row.Campaign, row.RepeatOf);
    }

    private static readonly Dictionary<string, Func<IQueryable<ListRow<Finding>>, bool, IOrderedQueryable<ListRow<Finding>>>> Sorts = new()
    {
        ["found"] = WorkflowLists.SortBy<Finding, DateTime>(x => x.Item.FoundAtUtc),
        ["severity"] = WorkflowLists.SortBy<Finding, FindingSeverity>(x => x.Item.Severity),
    };

    /// <summary>The findings the actor may see: a unit those issued to it (and those it takes part in), county roles all.</summary>
    public async Task<Page<FindingRow>> ListAsync(Actor actor, FindingQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = WorkflowLists.Rows(db, actor, RectificationWorkflow.Key, db.Findings.AsNoTracking(), f => f.InstanceId);
        if (!string.IsNullOrEmpty(query.State)) q = q.Where(x => x.Row.Instance.State == query.State);
        if (query.OpenOnly) q = q.Where(x => !x.Row.Instance.IsFinal);
        if (query.OverdueOnly)
        {
            var now = time.GetUtcNow().UtcDateTime;
            q = q.Where(x => !x.Row.Instance.IsFinal && x.Row.DueAtUtc != null && x.Row.DueAtUtc < now
                             && x.Row.Instance.State != RectificationWorkflow.S.Submitted);
        }
        if (query.RepeatOnly) q = q.Where(x => x.Item.IsRepeat && !x.Item.IsCancelled);
        if (!string.IsNullOrEmpty(query.Category)) q = q.Where(x => x.Item.Category == query.Category);
        if (query.Severity is { } severity) q = q.Where(x => x.Item.Severity == severity);
        if (query.UnitId is { } unit) q = q.Where(x => x.Row.Instance.HandlingUnitId == unit);
        if (query.CampaignId is { } campaign) q = q.Where(x => x.Item.CampaignId == campaign);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim();
            q = q.Where(x => x.Row.Instance.Title.Contains(s) || x.Row.Instance.Number.Contains(s) || x.Item.Description.Contains(s));
        }
        var page = await q.PageAsync(new PageRequest(query.Page, query.PageSize, query.SortBy, query.Descending), Sorts, ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        var rows = page.Rows.Select(x =>
        {
            int? left = x.Row.DueAtUtc is { } due
                ? ChinaTime.Date(due) >= today ? calendar.WorkingDaysBetween(today, ChinaTime.Date(due)) : -calendar.WorkingDaysBetween(ChinaTime.Date(due), today)
                : null;
            var i = x.Row.Instance;
            return new FindingRow(i.Id, i.Number, i.Title, x.Item.Category, x.Item.Severity, x.Item.Source, i.State, Def.StateDisplayName(i.State),
                Def.StateTone(i.State), x.Row.HandlingUnit, x.Item.FoundAtUtc, x.Row.DueAtUtc, left, x.Item.IsRepeat, x.Item.RectifiedOnTime);
        }).ToList();
        return new Page<FindingRow>(rows, page.Total);
    }

    /// <summary>A Monitor opens an inspection campaign (季度检查 / 上级检查) to group its findings.</summary>
    public async Task<(int? Id, string? Error)> CreateCampaignAsync(Actor actor, string? name, string? kind, int year, int? quarter,
        CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return (null, "只有监测员可以建立检查批次。");
        var n = PlainText.CleanLine(name);
        var k = PlainText.CleanLine(kind);
        if (n.Length is 0 or > 100) return (null, "请填写检查批次名称（不超过 100 字）。");
        if (k is not (FindingSources.Quarterly or FindingSources.Higher)) return (null, "检查类型须为“季度检查”或“上级检查”。");
        if (year is < 2000 or > 2100) return (null, "年份不正确。");
        if (k == FindingSources.Quarterly && quarter is not (>= 1 and <= 4)) return (null, "季度检查须选择第 1 至 4 季度。");
        if (quarter is { } q && q is < 1 or > 4) return (null, "季度须为 1 至 4。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.InspectionCampaigns.AnyAsync(c => c.Name == n, ct)) return (null, $"已有名为“{n}”的检查批次。");
        var campaign = new InspectionCampaign
        {
            Name = n, Kind = k, Year = year, Quarter = quarter, CreatedByUserId = actor.UserId, CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.InspectionCampaigns.Add(campaign);
        await Audit.AuditLog.AppendAsync(db, actor.UserId, actor.Name, "campaign.create", $"建立检查批次“{n}”（{k}）", campaign.CreatedAtUtc, ct);
        await db.SaveChangesAsync(ct);
        return (campaign.Id, null);
    }

    public async Task<IReadOnlyList<CampaignRow>> CampaignsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InspectionCampaigns.AsNoTracking().OrderByDescending(c => c.Year).ThenByDescending(c => c.Quarter).ThenByDescending(c => c.Id)
            .Select(c => new CampaignRow(c.Id, c.Name, c.Kind, c.Year, c.Quarter,
                db.Findings.Count(f => f.CampaignId == c.Id),
                db.Findings.Count(f => f.CampaignId == c.Id && db.WorkflowInstances.Any(i => i.Id == f.InstanceId && !i.IsFinal))))
            .ToListAsync(ct);
    }

    /// <summary>The active columns of a unit (for the finding form), by path.</summary>
    public async Task<IReadOnlyList<(int Id, string Path)>> ColumnsOfUnitAsync(int unitId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Columns.AsNoTracking().Where(c => c.UnitId == unitId && c.IsActive).OrderBy(c => c.Path)
            .Select(c => new { c.Id, c.Path }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Path)).ToList();
    }

    /// <summary>Parses a whole number of working days typed in a form; null when blank.</summary>
    public static bool TryParseDays(string? text, out int? days)
    {
        days = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return false;
        days = d;
        return true;
    }
}
