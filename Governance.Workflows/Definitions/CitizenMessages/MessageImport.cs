using System.Globalization;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>What will happen to one row of an import file.</summary>
public enum ImportRowStatus
{
    /// <summary>Passes the intake rules and is new: 导入有效行 stores it.</summary>
    Valid,
    /// <summary>Breaks an intake rule (the reasons are per field).</summary>
    Invalid,
    /// <summary>Its 来源编号 is already stored (已导入，将跳过) or came earlier in the file (文件内重复).</summary>
    Skipped,
}

/// <summary>One data row of the file: its line (the header is line 1), what it says, and what will happen to it.</summary>
public sealed record ImportRow(int Line, MessageIntake Intake, MessageValidator.Valid? Message, IReadOnlyDictionary<string, string> Errors,
    ImportRowStatus Status, string? SkipReason)
{
    /// <summary>The row's problems in one line of Chinese (empty when valid).</summary>
    public string Problems => Status switch
    {
        ImportRowStatus.Invalid => string.Join("；", Errors.Values),
        ImportRowStatus.Skipped => SkipReason ?? "",
        _ => "",
    };
}

/// <summary>The file read and checked, nothing stored yet. <see cref="Error"/> is set when the file as a whole cannot be used.</summary>
public sealed record ImportPreview(string FileName, string? Format, IReadOnlyList<ImportRow> Rows, string? Error)
{
    public int ValidCount => Rows.Count(r => r.Status == ImportRowStatus.Valid);
    public int InvalidCount => Rows.Count(r => r.Status == ImportRowStatus.Invalid);
    public int SkippedCount => Rows.Count(r => r.Status == ImportRowStatus.Skipped);
}

public sealed record ImportSkip(int Line, string SourceRef, string Reason);

/// <summary>What 导入有效行 did: N 条已导入, M 条跳过 with the reasons.</summary>
public sealed record ImportReport(IReadOnlyList<(int Line, long Id, string SourceRef)> Imported, IReadOnlyList<ImportSkip> Skipped, string? Error)
{
    public string Summary => Error ?? $"{Imported.Count} 条已导入，{Skipped.Count} 条跳过。";
}

/// <summary>
/// 导入留言 (第12条 intake by Excel/CSV): a Monitor uploads the template filled in (.xlsx or .csv, columns by their Chinese
/// headers), sees each row's problems — the same rules as the API (<see cref="MessageValidator"/>), plus a 来源编号 already
/// stored or repeated in the file — and imports the valid rows through <see cref="CitizenMessageService.IntakeAsync"/>
/// (idempotent by 来源编号: importing the same file again stores nothing).
/// </summary>
public sealed class MessageImport(IDbContextFactory<GovernanceDbContext> dbFactory, CitizenMessageService messages, TimeProvider time)
{
    public const string Channel = "导入";
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 2000;
    public const string NotAFileError = "文件须为 Excel 工作簿（.xlsx）或 CSV 文件（.csv），请下载导入模板填写后上传。";

    /// <summary>The template's columns, in order, with the intake field each fills.</summary>
    public static readonly (string Header, string Field)[] Columns =
    [
        ("来源编号", "sourceRef"), ("标题", "title"), ("内容", "content"), ("类别", "category"), ("留言人姓名", "citizenName"),
        ("联系电话", "citizenPhone"), ("电子邮箱", "citizenEmail"), ("收到时间", "receivedAt"),
    ];

    private static readonly string[] RequiredHeaders = ["来源编号", "标题", "内容", "留言人姓名"];

    static MessageImport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The import template: the headers, an empty row, and a sheet that says how to fill it in.</summary>
    public static byte[] Template()
    {
        var row = Columns.ToDictionary(c => c.Header, _ => (object?)"");
        var notes = new List<Dictionary<string, object?>>
        {
            new() { ["列"] = "来源编号", ["说明"] = "必填。来信、来电或平台的唯一编号；同一编号只导入一次，重复导入自动跳过。" },
            new() { ["列"] = "标题", ["说明"] = "必填，不超过 200 字。" },
            new() { ["列"] = "内容", ["说明"] = "必填，不超过 10000 字。" },
            new() { ["列"] = "类别", ["说明"] = "咨询 / 建议 / 投诉 / 求助 / 其他；不填为“其他”。" },
            new() { ["列"] = "留言人姓名", ["说明"] = "必填。个人信息仅监测员与承办单位可见，不公开。" },
            new() { ["列"] = "联系电话", ["说明"] = "选填。" },
            new() { ["列"] = "电子邮箱", ["说明"] = "选填。" },
            new() { ["列"] = "收到时间", ["说明"] = "选填，北京时间，如 2026-03-02 09:30；不填为导入时间。" },
        };
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, new Dictionary<string, object> { ["留言"] = new List<Dictionary<string, object?>> { row }, ["填写说明"] = notes },
            excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    /// <summary>Reads and checks the file; nothing is stored. Never throws on bad content: the preview carries the Chinese reason.</summary>
    public async Task<ImportPreview> PreviewAsync(Stream stream, string fileName, CancellationToken ct = default)
    {
        byte[] content;
        using (var ms = new MemoryStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                ms.Write(buffer, 0, read);
                if (ms.Length > MaxBytes) return new ImportPreview(fileName, null, [], $"文件不能超过 {MaxBytes / 1024 / 1024} MB。");
            }
            content = ms.ToArray();
        }
        var (format, rows, error) = Read(content, fileName);
        if (error is not null) return new ImportPreview(fileName, format, [], error);
        var now = time.GetUtcNow().UtcDateTime;
        var checkedRows = rows.Select(r =>
        {
            var (valid, errors) = MessageValidator.Validate(r.Intake, now);
            return (r.Line, r.Intake, valid, errors);
        }).ToList();
        var refs = checkedRows.Where(r => r.valid is not null).Select(r => r.valid!.SourceRef).Distinct().ToList();
        HashSet<string> stored;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            stored = [];
            foreach (var chunk in refs.Chunk(500))
                stored.UnionWith(await db.CitizenMessages.AsNoTracking().Where(m => chunk.Contains(m.SourceRef)).Select(m => m.SourceRef).ToListAsync(ct));
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ImportRow>();
        foreach (var (line, intake, valid, errors) in checkedRows)
        {
            if (valid is null)
            {
                result.Add(new ImportRow(line, intake, null, errors, ImportRowStatus.Invalid, null));
                continue;
            }
            string? skip = null;
            if (seen.TryGetValue(valid.SourceRef, out var firstLine)) skip = $"文件内重复：与第 {firstLine} 行来源编号相同";
            else
            {
                seen[valid.SourceRef] = line;
                if (stored.Contains(valid.SourceRef)) skip = "已导入，将跳过：该来源编号的留言已存在";
            }
            result.Add(new ImportRow(line, intake, valid, errors, skip is null ? ImportRowStatus.Valid : ImportRowStatus.Skipped, skip));
        }
        return new ImportPreview(fileName, format, result, null);
    }

    /// <summary>
    /// Stores each valid row of the preview as a message received through 导入, the Monitor as its actor. A 来源编号
    /// stored meanwhile (another import, the API) is skipped, not duplicated.
    /// </summary>
    public async Task<ImportReport> ImportAsync(Actor actor, ImportPreview preview, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Monitor)) return new ImportReport([], [], "只有监测员可以导入网民留言。");
        if (preview.Error is not null) return new ImportReport([], [], preview.Error);
        var imported = new List<(int, long, string)>();
        var skipped = new List<ImportSkip>();
        foreach (var row in preview.Rows)
        {
            var sourceRef = row.Message?.SourceRef ?? row.Intake.SourceRef ?? "";
            if (row.Status != ImportRowStatus.Valid || row.Message is null)
            {
                skipped.Add(new ImportSkip(row.Line, sourceRef, row.Problems));
                continue;
            }
            var result = await messages.IntakeAsync(actor, Channel, row.Message, ct);
            if (result.Created) imported.Add((row.Line, result.Id, sourceRef));
            else skipped.Add(new ImportSkip(row.Line, sourceRef, "已导入，已跳过：该来源编号的留言已存在"));
        }
        return new ImportReport(imported, skipped, null);
    }

    /// <summary>The file's data rows as intake forms; the format by content (zip → xlsx) and, for text, by the .csv name.</summary>
    public static (string? Format, IReadOnlyList<(int Line, MessageIntake Intake)> Rows, string? Error) Read(byte[] content, string fileName)
    {
        var isZip = content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        try
        {
            if (isZip && ext is ".xlsx" or "")
                return Rows("xlsx", MiniExcel.Query(new MemoryStream(content, writable: false), useHeaderRow: false, excelType: ExcelType.XLSX));
            if (!isZip && ext == ".csv")
            {
                var text = DecodeText(content);
                if (text is null) return (null, [], NotAFileError);
                var utf8 = new MemoryStream(Encoding.UTF8.GetBytes(text));
                var config = new CsvConfiguration { ReadLineBreaksWithinQuotes = true };
                return Rows("csv", MiniExcel.Query(utf8, useHeaderRow: false, excelType: ExcelType.CSV, configuration: config));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // A damaged workbook or anything the reader did not expect: a Chinese reason, never a crash.
            return (null, [], "文件无法读取（可能已损坏），请用导入模板重新填写后上传。");
        }
        return (null, [], NotAFileError);
    }

    private static (string?, IReadOnlyList<(int, MessageIntake)>, string?) Rows(string format, IEnumerable<dynamic> query)
    {
        var rows = new List<(int, MessageIntake)>();
        Dictionary<string, string>? columnOf = null; // field → the sheet's column key (A, B, … or the CSV's index)
        var line = 0;
        foreach (IDictionary<string, object?> cells in query)
        {
            line++;
            if (columnOf is null)
            {
                if (cells.Values.All(v => string.IsNullOrWhiteSpace(Text(v)))) continue;
                columnOf = [];
                foreach (var (key, value) in cells)
                {
                    var header = Text(value).Trim().TrimStart('\uFEFF');
                    var column = Columns.FirstOrDefault(c => c.Header == header);
                    if (column.Field is not null) columnOf.TryAdd(column.Field, key);
                }
                var missing = RequiredHeaders.Where(h => !columnOf.ContainsKey(Columns.First(c => c.Header == h).Field)).ToList();
                if (missing.Count > 0)
                    return (format, [], $"第 {line} 行应为表头，缺少列：{string.Join("、", missing)}。请使用导入模板（{string.Join("、", Columns.Select(c => c.Header))}）。");
                continue;
            }
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(Text(v)))) continue;
            if (rows.Count >= MaxRows) return (format, [], $"一次最多导入 {MaxRows} 条留言，请分批导入。");
            string? Get(string field) => columnOf.TryGetValue(field, out var key) && cells.TryGetValue(key, out var v) ? Blank(Text(v)) : null;
            rows.Add((line, new MessageIntake
            {
                SourceRef = Get("sourceRef"), Title = Get("title"), Content = Get("content"), Category = Get("category"),
                CitizenName = Get("citizenName"), CitizenPhone = Get("citizenPhone"), CitizenEmail = Get("citizenEmail"),
                ReceivedAt = ReceivedAt(columnOf.TryGetValue("receivedAt", out var k) && cells.TryGetValue(k, out var r) ? r : null),
            }));
        }
        if (columnOf is null) return (format, [], "文件是空的：请在导入模板中填写留言后上传。");
        return (format, rows, null);
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Replace("\r\n", "\n", StringComparison.Ordinal),
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static readonly string[] ChinaFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-dd", "yyyy/M/d"];

    /// <summary>
    /// 收到时间 as the validator takes it (ISO 8601 with an offset): an Excel date cell or "2026-03-02 09:30" is read as
    /// Beijing time; an ISO value with an offset passes through; anything else reaches the validator as typed (its message).
    /// </summary>
    private static string? ReceivedAt(object? value)
    {
        if (value is DateTime dt) return Iso(dt);
        var text = Blank(Text(value))?.Trim();
        if (text is null) return null;
        if (DateTime.TryParseExact(text, ChinaFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return Iso(local);
        return text;
    }

    private static string Iso(DateTime chinaWallClock) =>
        new DateTimeOffset(DateTime.SpecifyKind(chinaWallClock, DateTimeKind.Unspecified), ChinaTime.Offset)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (CSV saved by Excel on Chinese Windows); null for binary.</summary>
    private static string? DecodeText(byte[] content)
    {
        string? text;
        if (content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = Strict(new UTF8Encoding(false, true), content, 3);
        else if (content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) text = Strict(new UnicodeEncoding(false, false, true), content, 2);
        else if (content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) text = Strict(new UnicodeEncoding(true, false, true), content, 2);
        else
            text = Strict(new UTF8Encoding(false, true), content, 0)
                   ?? Strict(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), content, 0);
        if (text is null || text.Any(c => c < 0x20 && c is not ('\r' or '\n' or '\t'))) return null;
        return text;
    }

    private static string? Strict(Encoding encoding, byte[] bytes, int skip)
    {
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
