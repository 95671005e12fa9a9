using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Imports;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Governance.Workflows.Registers;

/// <summary>What importing one row will do.</summary>
public enum RegisterImportAction
{
    /// <summary>A new column (its path and unit are not in the register).</summary>
    Create,
    /// <summary>The column of this path and unit is in the register and the row changes it.</summary>
    Update,
    /// <summary>The column is in the register exactly as the row says: nothing to do.</summary>
    Unchanged,
    /// <summary>Breaks a rule (the reasons are per field).</summary>
    Invalid,
}

/// <summary>One data row: its line (the header is line 1), what it says, and what importing it will do.</summary>
public sealed record RegisterImportRow(int Line, string Path, string? UnitName, ColumnForm Form, RegisterImportAction Action,
    IReadOnlyDictionary<string, string> Errors, int? ExistingId, int? ExistingVersion)
{
    public string Problems => Action == RegisterImportAction.Invalid ? string.Join("；", Errors.Values) : "";
}

/// <summary>The file read and checked, nothing stored. <see cref="Error"/> is set when the file as a whole cannot be used.</summary>
public sealed record RegisterImportPreview(string FileName, IReadOnlyList<RegisterImportRow> Rows, string? Error)
{
    public int CreateCount => Rows.Count(r => r.Action == RegisterImportAction.Create);
    public int UpdateCount => Rows.Count(r => r.Action == RegisterImportAction.Update);
    public int UnchangedCount => Rows.Count(r => r.Action == RegisterImportAction.Unchanged);
    public int InvalidCount => Rows.Count(r => r.Action == RegisterImportAction.Invalid);
}

/// <summary>What 导入 did.</summary>
public sealed record RegisterImportReport(int Created, int Updated, IReadOnlyList<(int Line, string Path, string Reason)> Skipped, string? Error)
{
    public string Summary => Error ?? $"新增 {Created} 个栏目，更新 {Updated} 个，跳过 {Skipped.Count} 行。";
}

/// <summary>
/// 栏目台账 in Excel: the export of the columns the user may see, and the import (managers) of such a file — each row
/// matched to the register by 栏目路径 and 保障单位, so importing the same file again creates nothing. The preview shows
/// every row's problems first (the register's own rules, <see cref="ColumnValidator"/>); then the valid rows are applied,
/// parents before children, each in its own transaction.
/// </summary>
public sealed class ColumnRegisterImport(IDbContextFactory<GovernanceDbContext> dbFactory, ColumnRegister register, TimeProvider time)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;
    public const string SheetName = "栏目台账";

    /// <summary>The columns an import reads (by header), in the export's order.</summary>
    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("栏目路径", "path", Required: true), new("保障单位", "unit", Required: true), new("栏目类别", "category", Required: true),
        new("栏目地址", "url"), new("栏目负责人", "responsible"), new("A岗", "staffA"), new("B岗", "staffB"),
        new("更新频率承诺（天）", "cadence"), new("排序号", "sortOrder"), new("开始日期", "startDate"), new("结束日期", "endDate"),
    ];

    public static IEnumerable<string> Headers => Columns.Select(c => c.Header);

    /// <summary>What the export adds after them, for reading only (an import ignores them).</summary>
    public static readonly string[] ReadOnlyHeaders = ["更新周期（天）", "最近更新", "最近更新地址", "距上次更新（天）", "状态"];

    /// <summary>The register as the actor may see it (closed columns too), one row per column in tree order.</summary>
    public async Task<byte[]> ExportAsync(Actor actor, CancellationToken ct = default)
    {
        var rows = await register.ListAsync(actor, new RegisterQuery { IncludeClosed = true }, ct);
        var table = rows.Select(r => new Dictionary<string, object?>
        {
            ["栏目路径"] = r.Path, ["保障单位"] = r.UnitName, ["栏目类别"] = r.Category, ["栏目地址"] = r.Url ?? "",
            ["栏目负责人"] = r.ResponsiblePerson ?? "", ["A岗"] = r.StaffA ?? "", ["B岗"] = r.StaffB ?? "",
            ["更新频率承诺（天）"] = (object?)r.CommittedCadenceDays ?? "", ["排序号"] = r.SortOrder,
            ["开始日期"] = r.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["结束日期"] = r.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["更新周期（天）"] = (object?)r.Staleness.WindowDays ?? "不监测",
            ["最近更新"] = ChinaTime.Format(r.LastUpdatedAtUtc, "yyyy-MM-dd", ""),
            ["最近更新地址"] = r.LastUpdateUrl ?? "",
            ["距上次更新（天）"] = r.LastUpdatedAtUtc is null ? "" : r.Staleness.DaysSince,
            ["状态"] = r.StatusText,
        }).ToList();
        if (table.Count == 0) table.Add(Headers.Concat(ReadOnlyHeaders).ToDictionary(h => h, _ => (object?)""));
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, new Dictionary<string, object> { [SheetName] = table, ["填写说明"] = Notes() }, excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    public static string ExportFileName(DateTime nowUtc) => $"栏目台账-{ChinaTime.Format(nowUtc, "yyyyMMdd")}.xlsx";

    private static List<Dictionary<string, object?>> Notes() =>
    [
        new() { ["列"] = "栏目路径", ["说明"] = "必填。从顶级栏目起的各级名称，用“/”分隔，如：政务公开/政策文件。上级栏目须已在台账中，或在本文件中先列出。" },
        new() { ["列"] = "保障单位", ["说明"] = "必填。单位全称，如：县教育局。栏目路径与保障单位相同的行视为同一栏目：再次导入只更新，不重复新增。" },
        new() { ["列"] = "栏目类别", ["说明"] = "必填。" + string.Join("、", ColumnCategories.All) + "。专题专栏须经开设申请登记，不能导入新增。" },
        new() { ["列"] = "栏目地址", ["说明"] = "选填，以 http:// 或 https:// 开头。" },
        new() { ["列"] = "栏目负责人、A岗、B岗", ["说明"] = "除栏目导航外必填（第19条(一)(二)）；A岗与B岗不能是同一人。" },
        new() { ["列"] = "更新频率承诺（天）", ["说明"] = "选填，1—365 的整数，或 每日/每周/每两周/每月/每季度；严于类别更新周期时按承诺监测。" },
        new() { ["列"] = "排序号", ["说明"] = "选填，0—9999，同级栏目按排序号排列。" },
        new() { ["列"] = "开始日期、结束日期", ["说明"] = "选填，如 2026-03-01。" },
        new() { ["列"] = "更新周期、最近更新、状态等", ["说明"] = "导出时附带，仅供查看，导入时不读取。" },
    ];

    /// <summary>The empty template: the headers and the notes.</summary>
    public static byte[] Template() =>
        SheetReader.Template(SheetName, Columns, Notes().Select(n => ((string)n["列"]!, (string)n["说明"]!)).ToList());

    /// <summary>Reads and checks the file; nothing is stored. Never throws on bad content: the preview carries the reason.</summary>
    public async Task<RegisterImportPreview> PreviewAsync(Actor actor, Stream stream, string fileName, CancellationToken ct = default)
    {
        if (!ColumnRegister.Manages(actor)) return new RegisterImportPreview(fileName, [], "只有监测员或系统管理员可以导入栏目台账。");
        var (content, tooBig) = await SheetReader.ReadAllAsync(stream, MaxBytes, ct);
        if (content is null) return new RegisterImportPreview(fileName, [], tooBig);
        var sheet = SheetReader.Read(content, fileName, Columns, MaxRows, "栏目");
        if (sheet.Error is not null) return new RegisterImportPreview(fileName, [], sheet.Error);
        var cells = sheet.Rows;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).ToDictionaryAsync(u => u.Name, u => u.Id, ct);
        var columns = await db.Columns.AsNoTracking().Where(c => c.IsActive).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => !u.IsDisabled).Select(u => new { u.Id, u.UnitId, u.DisplayName }).ToListAsync(ct);
        var filePaths = cells.Select(r => NormalizePath(r["path"])).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<(string, string), int>();
        var rows = new List<RegisterImportRow>();
        foreach (var r in cells)
        {
            var errors = new Dictionary<string, string>();
            var path = NormalizePath(r["path"]);
            var unitName = PlainText.CleanOrNull(PlainText.CleanLine(r["unit"]));
            var segments = path.Split(ColumnValidator.PathSeparator);
            var form = new ColumnForm
            {
                Name = segments[^1], Category = r["category"], Url = r["url"], ResponsiblePerson = r["responsible"],
                StaffA = r["staffA"], StaffB = r["staffB"],
            }.Cleaned();
            if (path.Length == 0) errors["Path"] = "请填写栏目路径";
            else if (path.Length > ColumnValidator.MaxPathLength) errors["Path"] = $"栏目路径不能超过 {ColumnValidator.MaxPathLength} 字";
            if (unitName is null) errors["UnitId"] = "请填写保障单位";
            else if (units.TryGetValue(unitName, out var unitId)) form.UnitId = unitId;
            else errors["UnitId"] = $"保障单位“{unitName}”不存在或已停用";
            ParseInt(r["cadence"], "更新频率承诺", allowCadenceName: true, errors, "CommittedCadenceDays", v => form.CommittedCadenceDays = v);
            ParseInt(r["sortOrder"], "排序号", allowCadenceName: false, errors, "SortOrder", v => form.SortOrder = v ?? 0);
            ParseDate(r["startDate"], "开始日期", errors, "StartDate", v => form.StartDate = v);
            ParseDate(r["endDate"], "结束日期", errors, "EndDate", v => form.EndDate = v);
            if (form.UnitId is { } uid)
            {
                // A岗/B岗 named as an account of the unit are linked to it (they are notified on 预警).
                form.StaffAUserId = users.FirstOrDefault(u => u.UnitId == uid && u.DisplayName == form.StaffA)?.Id;
                form.StaffBUserId = users.FirstOrDefault(u => u.UnitId == uid && u.DisplayName == form.StaffB)?.Id;
            }
            foreach (var (k, v) in ColumnValidator.Validate(form)) errors.TryAdd(k, v);
            if (path.Length > 0 && unitName is not null)
            {
                if (seen.TryGetValue((path, unitName), out var first)) errors.TryAdd("Path", $"文件内重复：与第 {first} 行的栏目路径和保障单位相同");
                else seen[(path, unitName)] = r.Line;
            }
            var existing = columns.FirstOrDefault(c => c.Path == path && c.UnitId == form.UnitId);
            if (existing is null && path.Length > 0 && columns.Any(c => c.Path == path))
                errors.TryAdd("Path", $"栏目“{path}”已登记在其他保障单位名下，如需改换单位请在台账中修改");
            if (existing is null && errors.Count == 0)
            {
                var parent = segments.Length > 1 ? string.Join(ColumnValidator.PathSeparator, segments[..^1]) : null;
                if (parent is not null && !columns.Any(c => c.Path == parent) && !filePaths.Contains(parent))
                    errors["Path"] = $"上级栏目“{parent}”不在台账中，也不在本文件中";
                if (form.Category == ColumnCategories.Special)
                    errors["Category"] = "专题专栏须经开设申请批准后由开通环节登记（第7条），不能导入新增";
            }
            if (existing is not null && errors.Count == 0)
            {
                if (existing.IsSpecial && form.Category != ColumnCategories.Special) errors["Category"] = "专题专栏的类别不能修改";
                if (!existing.IsSpecial && form.Category == ColumnCategories.Special) errors["Category"] = "专题专栏须经开设申请登记（第7条）";
            }
            var action = errors.Count > 0 ? RegisterImportAction.Invalid
                : existing is null ? RegisterImportAction.Create
                : Same(existing, form) ? RegisterImportAction.Unchanged : RegisterImportAction.Update;
            rows.Add(new RegisterImportRow(r.Line, path, unitName, form, action, errors, existing?.Id, existing?.Version));
        }
        return new RegisterImportPreview(fileName, rows, null);
    }

    /// <summary>
    /// Applies the preview's valid rows (managers), parents first. A row whose column changed since the preview, or that
    /// another import created meanwhile, is skipped with the reason — never applied over a change the preview did not see.
    /// </summary>
    public async Task<RegisterImportReport> ImportAsync(Actor actor, RegisterImportPreview preview, CancellationToken ct = default)
    {
        if (!ColumnRegister.Manages(actor)) return new RegisterImportReport(0, 0, [], "只有监测员或系统管理员可以导入栏目台账。");
        if (preview.Error is not null) return new RegisterImportReport(0, 0, [], preview.Error);
        int created = 0, updated = 0;
        var skipped = new List<(int, string, string)>();
        foreach (var row in preview.Rows.OrderBy(r => r.Path.Count(c => c == ColumnValidator.PathSeparator)).ThenBy(r => r.Line))
        {
            if (row.Action is RegisterImportAction.Invalid or RegisterImportAction.Unchanged)
            {
                skipped.Add((row.Line, row.Path, row.Action == RegisterImportAction.Invalid ? row.Problems : "与台账一致，无需更新"));
                continue;
            }
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var current = await db.Columns.FirstOrDefaultAsync(c => c.Path == row.Path && c.UnitId == row.Form.UnitId && c.IsActive, ct);
            RegisterResult? refusal;
            if (row.Action == RegisterImportAction.Create)
            {
                if (current is not null)
                {
                    skipped.Add((row.Line, row.Path, "已有该栏目（预览后由他人登记），未重复新增"));
                    continue;
                }
                var segments = row.Path.Split(ColumnValidator.PathSeparator);
                var form = Copy(row.Form);
                if (segments.Length > 1)
                {
                    var parentPath = string.Join(ColumnValidator.PathSeparator, segments[..^1]);
                    form.ParentId = await db.Columns.Where(c => c.Path == parentPath && c.IsActive).OrderBy(c => c.Id).Select(c => (int?)c.Id)
                        .FirstOrDefaultAsync(ct);
                    if (form.ParentId is null)
                    {
                        skipped.Add((row.Line, row.Path, $"上级栏目“{parentPath}”不存在（其所在行未导入）"));
                        continue;
                    }
                }
                (_, refusal) = await ColumnRegister.AddAsync(db, actor, form, now, ct);
                if (refusal is null) created++;
            }
            else
            {
                if (current is null || current.Id != row.ExistingId || current.Version != row.ExistingVersion)
                {
                    skipped.Add((row.Line, row.Path, "预览后该栏目已被修改，未更新；请重新上传预览"));
                    continue;
                }
                refusal = await ColumnRegister.EditAsync(db, actor, current, Copy(row.Form), now, ct);
                if (refusal is null)
                {
                    current.Version++;
                    updated++;
                }
            }
            if (refusal is not null)
            {
                skipped.Add((row.Line, row.Path, refusal.Message));
                continue;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.import",
                $"导入栏目台账“{preview.FileName}”：新增 {created}，更新 {updated}，跳过 {skipped.Count}", time.GetUtcNow().UtcDateTime, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new RegisterImportReport(created, updated, skipped, null);
    }

    private static ColumnForm Copy(ColumnForm f) => new()
    {
        Name = f.Name, ParentId = f.ParentId, UnitId = f.UnitId, Category = f.Category, Url = f.Url, ResponsiblePerson = f.ResponsiblePerson,
        StaffA = f.StaffA, StaffB = f.StaffB, StaffAUserId = f.StaffAUserId, StaffBUserId = f.StaffBUserId,
        CommittedCadenceDays = f.CommittedCadenceDays, SortOrder = f.SortOrder, StartDate = f.StartDate, EndDate = f.EndDate,
    };

    private static bool Same(Column c, ColumnForm f) =>
        c.Category == f.Category && c.Url == f.Url && c.ResponsiblePerson == f.ResponsiblePerson && c.StaffA == f.StaffA && c.StaffB == f.StaffB
        && c.CommittedCadenceDays == f.CommittedCadenceDays && c.SortOrder == f.SortOrder && c.StartDate == f.StartDate && c.EndDate == f.EndDate
        && (f.StaffAUserId is null || c.StaffAUserId == f.StaffAUserId) && (f.StaffBUserId is null || c.StaffBUserId == f.StaffBUserId);

    /// <summary>"政务公开 › 政策文件", "政务公开／政策文件 " → "政务公开/政策文件": segments cleaned, empty ones dropped.</summary>
    public static string NormalizePath(string? text) =>
        string.Join(ColumnValidator.PathSeparator, PlainText.CleanLine(text).Split(['/', '／', '›', '>', '＞'], StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0));

    private static void ParseInt(string? text, string label, bool allowCadenceName, Dictionary<string, string> errors, string key, Action<int?> set)
    {
        var t = PlainText.CleanLine(text);
        if (t.Length == 0) { set(null); return; }
        if (allowCadenceName && Cadences.Days(t) is { } days) { set(days); return; }
        if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
            set((int)d);
        else errors[key] = allowCadenceName ? $"{label}须为天数或 每日/每周/每两周/每月/每季度" : $"{label}须为整数";
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss"];

    private static void ParseDate(string? text, string label, Dictionary<string, string> errors, string key, Action<DateOnly?> set)
    {
        var t = PlainText.CleanLine(text);
        if (t.Length == 0) { set(null); return; }
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) set(DateOnly.FromDateTime(d));
        else errors[key] = $"{label}格式不正确，应如 2026-03-01";
    }
}
