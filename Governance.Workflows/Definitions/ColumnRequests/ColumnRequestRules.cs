using System.Globalization;
using System.Text.Json;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.ColumnRequests;

/// <summary>The preconditions, guards and effects of W1 (the definition: ColumnRequestWorkflow.cs).</summary>
internal static class ColumnRequestRules
{
    public static async Task<Refusal?> CheckComplete(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == ctx.Instance.Id);
        if (r is null) return new Refusal("申请内容不存在。");
        var errors = ColumnRequestValidator.Validate(ColumnRequestForm.From(r));
        return errors.Count == 0 ? null : new Refusal("申请内容不完整：" + string.Join("；", errors.Values), errors);
    }

    public static Task<Refusal?> CheckSetupUrl(TriggerContext ctx)
    {
        var url = ctx.Input.Field("url")?.Trim();
        return Task.FromResult(ColumnRequestValidator.IsHttpUrl(url) ? null
            : new Refusal("栏目地址须为以 http:// 或 https:// 开头的完整网址。", new Dictionary<string, string> { ["url"] = "网址格式不正确" }));
    }

    /// <summary>开通: the column enters the column register (栏目台账, 第10条, 第13条).</summary>
    public static async Task OpenColumn(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.FirstAsync(x => x.InstanceId == ctx.Instance.Id);
        var url = ctx.Input.Field("url")!.Trim();
        r.SetupUrl = url;
        // Under the portal's 专题专栏 heading when there is one; the committed 更新频率 is the column's window (第19条(二)).
        var heading = await ctx.Db.Columns.Where(c => c.ParentId == null && c.IsActive && c.Name == ColumnCategories.Special
            && c.Category == ColumnCategories.Navigation).Select(c => new { c.Id, c.Path }).FirstOrDefaultAsync();
        var column = new Column
        {
            Name = r.ColumnName, ParentId = heading?.Id, Path = heading is null ? r.ColumnName : heading.Path + ColumnValidator.PathSeparator + r.ColumnName,
            UnitId = r.UnitId, Category = ColumnCategories.Special, Url = url, ResponsiblePerson = r.ResponsiblePerson, StaffA = r.StaffA,
            StaffB = r.StaffB, CommittedCadenceDays = Cadences.Days(r.UpdateCadence), IsSpecial = true, SourceInstanceId = r.InstanceId,
            StartDate = r.StartDate, EndDate = r.EndDate, CreatedAtUtc = ctx.NowUtc, StatusChangedAtUtc = ctx.NowUtc, IsActive = true, Version = 1,
        };
        ctx.Db.Columns.Add(column);
        await ctx.Db.SaveChangesAsync();
        r.ColumnId = column.Id;
        ctx.JournalData["url"] = url;
    }

    /// <summary>同意关停: the column leaves the register's columns in service (已关停).</summary>
    public static async Task CloseColumn(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.FirstAsync(x => x.InstanceId == ctx.Instance.Id);
        if (r.ColumnId is { } id && await ctx.Db.Columns.FindAsync(id) is { IsActive: true } column)
        {
            column.IsActive = false;
            column.ClosedAtUtc = ctx.NowUtc;
            column.Version++;
        }
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"];

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<(ColumnRequest Request, Column? Column)> RequestAndColumnAsync(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.FirstAsync(x => x.InstanceId == ctx.Instance.Id);
        var column = r.ColumnId is { } id ? await ctx.Db.Columns.FirstOrDefaultAsync(c => c.Id == id) : null;
        return (r, column);
    }

    /// <summary>The planned end date in force: the register's (a manager may have changed it), else the request's.</summary>
    private static DateOnly EndDateOf(ColumnRequest r, Column? column) => column?.EndDate ?? r.EndDate;

    private static Dictionary<string, string?> DataOf(JournalEntry? entry) =>
        entry?.Data is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [] : [];

    /// <summary>
    /// A change request's fields (申请调整 / 申请延期): a new name as the register takes names, an end date that is a date,
    /// not before today and after the start (an extension: after the end date in force), people of at most 50 characters,
    /// and A岗 ≠ B岗 as they would be after the change (第19条(二)). Blank fields stay as they are.
    /// </summary>
    public static async Task<Refusal?> CheckChange(TriggerContext ctx)
    {
        var (r, column) = await RequestAndColumnAsync(ctx);
        var errors = new Dictionary<string, string>();
        var today = ChinaTime.Date(ctx.NowUtc);
        if (ctx.Input.Field(ColumnRequestWorkflow.F.ColumnName) is { } name)
        {
            name = PlainText.CleanLine(name);
            if (name.Length > 100) errors[ColumnRequestWorkflow.F.ColumnName] = "栏目名称不能超过 100 字";
            else if (name.Contains(ColumnValidator.PathSeparator, StringComparison.Ordinal) || name.Contains('›', StringComparison.Ordinal))
                errors[ColumnRequestWorkflow.F.ColumnName] = "栏目名称不能包含“/”或“›”";
        }
        if (ctx.Input.Field(ColumnRequestWorkflow.F.EndDate) is { } text)
        {
            var end = EndDateOf(r, column);
            if (!DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                errors[ColumnRequestWorkflow.F.EndDate] = "结束日期格式不正确，应如 2026-12-31";
            else if (DateOnly.FromDateTime(parsed) is var d && d < today)
                errors[ColumnRequestWorkflow.F.EndDate] = "结束日期不能早于今天";
            else if (d <= r.StartDate)
                errors[ColumnRequestWorkflow.F.EndDate] = $"结束日期须晚于开始日期 {Day(r.StartDate)}";
            else if (ctx.Instance.State == ColumnRequestWorkflow.S.Expiring && d <= end)
                errors[ColumnRequestWorkflow.F.EndDate] = $"延期后的结束日期须晚于原结束日期 {Day(end)}";
        }
        foreach (var (field, label) in new[]
                 {
                     (ColumnRequestWorkflow.F.ResponsiblePerson, "栏目负责人"), (ColumnRequestWorkflow.F.StaffA, "A岗"), (ColumnRequestWorkflow.F.StaffB, "B岗"),
                 })
        {
            if (ctx.Input.Field(field) is { Length: > 50 }) errors[field] = $"{label}不能超过 50 字";
        }
        var newA = ctx.Input.Field(ColumnRequestWorkflow.F.StaffA);
        var newB = ctx.Input.Field(ColumnRequestWorkflow.F.StaffB);
        var staffA = newA ?? column?.StaffA ?? r.StaffA;
        var staffB = newB ?? column?.StaffB ?? r.StaffB;
        if ((newA ?? newB) is not null && !errors.ContainsKey(ColumnRequestWorkflow.F.StaffB) && string.Equals(staffA, staffB, StringComparison.Ordinal))
            errors[ColumnRequestWorkflow.F.StaffB] = "A岗与B岗不能是同一人（第19条(二) AB岗）";
        return errors.Count == 0 ? null : new Refusal("请更正：" + string.Join("；", errors.Values), errors);
    }

    /// <summary>到期提醒: the column is in service, its end date has passed (China date), and this end date was not raised before.</summary>
    public static async Task<Refusal?> CheckExpired(TriggerContext ctx)
    {
        var (r, column) = await RequestAndColumnAsync(ctx);
        if (column is not { IsActive: true }) return new Refusal("栏目不在台账中或已关停。");
        var end = EndDateOf(r, column);
        if (end >= ChinaTime.Date(ctx.NowUtc)) return new Refusal($"栏目计划于 {Day(end)} 结束，尚未到期。");
        if (ctx.Journal.Any(j => j.Trigger == ColumnRequestWorkflow.T.Expire && DataOf(j).GetValueOrDefault("endDate") == Day(end)))
            return new Refusal($"栏目 {Day(end)} 到期已提醒过。");
        return null;
    }

    public static async Task RecordExpiry(TriggerContext ctx)
    {
        var (r, column) = await RequestAndColumnAsync(ctx);
        ctx.JournalData["endDate"] = Day(EndDateOf(r, column));
    }

    private static readonly string[] ChangeFields =
    [
        ColumnRequestWorkflow.F.ColumnName, ColumnRequestWorkflow.F.EndDate, ColumnRequestWorkflow.F.ResponsiblePerson,
        ColumnRequestWorkflow.F.StaffA, ColumnRequestWorkflow.F.StaffB,
    ];

    /// <summary>The request under review: the journal entry that brought the item into 调整/关停申请.</summary>
    private static Dictionary<string, string?> PendingChange(TriggerContext ctx) =>
        DataOf(ctx.Journal.LastOrDefault(j => j.ToState == ColumnRequestWorkflow.S.ChangeReview));

    /// <summary>同意调整 is checked against the register as it is now: the column in service, the new name free among its siblings.</summary>
    public static async Task<Refusal?> CheckAdjustable(TriggerContext ctx)
    {
        var (_, column) = await RequestAndColumnAsync(ctx);
        var change = PendingChange(ctx);
        // A request that changes nothing (申请关停, or the v1 wording) has nothing to check.
        if (!ChangeFields.Any(f => change.GetValueOrDefault(f) is not null)) return null;
        if (column is not { IsActive: true }) return new Refusal("栏目不在台账中或已关停，不能调整。");
        if (change.GetValueOrDefault(ColumnRequestWorkflow.F.ColumnName) is { } name && name != column.Name)
        {
            if (await ctx.Db.Columns.AnyAsync(c => c.ParentId == column.ParentId && c.Name == name && c.IsActive && c.Id != column.Id))
                return new Refusal($"同一上级栏目下已有名为“{name}”的栏目，不能改为此名称。");
            var parentLength = column.Path.Length - column.Name.Length;
            if (parentLength + name.Length > ColumnValidator.MaxPathLength) return new Refusal("改名后栏目路径过长。");
        }
        return null;
    }

    /// <summary>
    /// 同意调整 (v2) applies what the request said to the column (栏目台账) and to the request itself: a new name (the item's
    /// title and the column's path and subtree follow), a new end date, new 栏目负责人 / A岗 / B岗.
    /// </summary>
    public static async Task ApplyAdjustment(TriggerContext ctx)
    {
        var (r, column) = await RequestAndColumnAsync(ctx);
        var change = PendingChange(ctx);
        var applied = new List<string>();
        if (change.GetValueOrDefault(ColumnRequestWorkflow.F.ColumnName) is { } name && name != r.ColumnName)
        {
            applied.Add($"栏目名称：{r.ColumnName} → {name}");
            r.ColumnName = name;
            ctx.Instance.Title = name;
            if (column is not null && name != column.Name) await ColumnRegister.RepathAsync(ctx.Db, column, column.ParentId, name, default);
        }
        if (change.GetValueOrDefault(ColumnRequestWorkflow.F.EndDate) is { } text
            && DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            var end = DateOnly.FromDateTime(parsed);
            applied.Add($"结束日期：{Day(EndDateOf(r, column))} → {Day(end)}");
            r.EndDate = end;
            if (column is not null) column.EndDate = end;
        }
        void Person(string field, string label, Func<ColumnRequest, string> get, Action<ColumnRequest, Column?, string> set)
        {
            if (change.GetValueOrDefault(field) is not { } value) return;
            applied.Add($"{label}：{get(r)} → {value}");
            set(r, column, value);
        }
        Person(ColumnRequestWorkflow.F.ResponsiblePerson, "栏目负责人", x => x.ResponsiblePerson, (x, c, v) =>
        {
            x.ResponsiblePerson = v;
            if (c is not null) c.ResponsiblePerson = v;
        });
        Person(ColumnRequestWorkflow.F.StaffA, "A岗", x => x.StaffA, (x, c, v) =>
        {
            x.StaffA = v;
            if (c is not null && c.StaffA != v) (c.StaffA, c.StaffAUserId) = (v, null);
        });
        Person(ColumnRequestWorkflow.F.StaffB, "B岗", x => x.StaffB, (x, c, v) =>
        {
            x.StaffB = v;
            if (c is not null && c.StaffB != v) (c.StaffB, c.StaffBUserId) = (v, null);
        });
        if (applied.Count == 0) return;
        if (column is not null) column.Version++;
        var summary = string.Join("；", applied);
        ctx.JournalData["applied"] = summary;
        await AuditLog.AppendAsync(ctx.Db, ctx.Actor.UserId, ctx.Actor.Name, "column.edit",
            $"同意调整 {ctx.Instance.Number}，栏目 {column?.Id}：{summary}", ctx.NowUtc, default);
    }
}
