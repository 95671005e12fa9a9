using System.Globalization;
using System.Text;
using Governance.Workflows.Calendar;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Governance.Workflows.Imports;

/// <summary>A column of an import template: its Chinese header and the field it fills.</summary>
public sealed record SheetColumn(string Header, string Field, bool Required = false);

/// <summary>One data row: its line in the file (the header is line 1 when it is the first) and its cells by field.</summary>
public sealed record SheetRow(int Line, IReadOnlyDictionary<string, object?> Cells)
{
    /// <summary>The cell as text (numbers without exponent, dates as yyyy-MM-dd HH:mm:ss); null when blank.</summary>
    public string? this[string field] => Cells.TryGetValue(field, out var v) ? SheetReader.Blank(SheetReader.Text(v)) : null;
}

/// <summary>The file's rows, or why the file as a whole cannot be used (Chinese).</summary>
public sealed record Sheet(string? Format, IReadOnlyList<SheetRow> Rows, string? Error);

/// <summary>
/// The one reader of every import (留言, 栏目台账, 检查问题): an Excel workbook (.xlsx) or a CSV file (.csv, UTF-8, UTF-16 or
/// GB18030 as Excel saves it on Chinese Windows), both through MiniExcel, columns found by their Chinese headers. Never throws
/// on bad content: the sheet carries the Chinese reason.
/// </summary>
public static class SheetReader
{
    public const string NotAFileError = "文件须为 Excel 工作簿（.xlsx）或 CSV 文件（.csv），请下载导入模板填写后上传。";

    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The upload into memory, refused past <paramref name="maxBytes"/>.</summary>
    public static async Task<(byte[]? Content, string? Error)> ReadAllAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, read);
            if (ms.Length > maxBytes) return (null, $"文件不能超过 {maxBytes / 1024 / 1024} MB。");
        }
        return (ms.ToArray(), null);
    }

    /// <summary>
    /// The data rows under the first non-empty row (the header); the format by content (zip → xlsx) and, for text, by the .csv
    /// name. <paramref name="noun"/> names what a row is in messages (留言, 栏目 …).
    /// </summary>
    public static Sheet Read(byte[] content, string? fileName, IReadOnlyList<SheetColumn> columns, int maxRows, string noun)
    {
        var isZip = content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        try
        {
            if (isZip && ext is ".xlsx" or "")
                return Rows("xlsx", MiniExcel.Query(new MemoryStream(content, writable: false), useHeaderRow: false, excelType: ExcelType.XLSX),
                    columns, maxRows, noun);
            if (!isZip && ext == ".csv")
            {
                var text = DecodeText(content);
                if (text is null) return new Sheet(null, [], NotAFileError);
                var utf8 = new MemoryStream(Encoding.UTF8.GetBytes(text));
                var config = new CsvConfiguration { ReadLineBreaksWithinQuotes = true };
                return Rows("csv", MiniExcel.Query(utf8, useHeaderRow: false, excelType: ExcelType.CSV, configuration: config), columns, maxRows, noun);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // A damaged workbook or anything the reader did not expect: a Chinese reason, never a crash.
            return new Sheet(null, [], "文件无法读取（可能已损坏），请用导入模板重新填写后上传。");
        }
        return new Sheet(null, [], NotAFileError);
    }

    /// <summary>An .xlsx template: the headers, an empty row, and a sheet that says how to fill each column in.</summary>
    public static byte[] Template(string sheetName, IReadOnlyList<SheetColumn> columns, IReadOnlyList<(string Column, string Note)> notes)
    {
        var row = columns.ToDictionary(c => c.Header, _ => (object?)"");
        var help = notes.Select(n => new Dictionary<string, object?> { ["列"] = n.Column, ["说明"] = n.Note }).ToList();
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, new Dictionary<string, object> { [sheetName] = new List<Dictionary<string, object?>> { row }, ["填写说明"] = help },
            excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    private static Sheet Rows(string format, IEnumerable<dynamic> query, IReadOnlyList<SheetColumn> columns, int maxRows, string noun)
    {
        var rows = new List<SheetRow>();
        Dictionary<string, string>? columnOf = null; // field → the sheet's column key (A, B, … or the CSV's index)
        var line = 0;
        foreach (IDictionary<string, object?> cells in query)
        {
            line++;
            if (cells.Values.All(v => string.IsNullOrWhiteSpace(Text(v)))) continue;
            if (columnOf is null)
            {
                columnOf = [];
                foreach (var (key, value) in cells)
                {
                    var header = Text(value).Trim().TrimStart('\uFEFF');
                    var column = columns.FirstOrDefault(c => c.Header == header);
                    if (column is not null) columnOf.TryAdd(column.Field, key);
                }
                var missing = columns.Where(c => c.Required && !columnOf.ContainsKey(c.Field)).Select(c => c.Header).ToList();
                if (missing.Count > 0)
                    return new Sheet(format, [],
                        $"第 {line} 行应为表头，缺少列：{string.Join("、", missing)}。请使用导入模板（{string.Join("、", columns.Select(c => c.Header))}）。");
                continue;
            }
            if (rows.Count >= maxRows) return new Sheet(format, [], $"一次最多导入 {maxRows} 条{noun}，请分批导入。");
            var byField = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (field, key) in columnOf)
                if (cells.TryGetValue(key, out var v)) byField[field] = v;
            rows.Add(new SheetRow(line, byField));
        }
        if (columnOf is null) return new Sheet(format, [], $"文件是空的：请在导入模板中填写{noun}后上传。");
        return new Sheet(format, rows, null);
    }

    internal static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    public static string Text(object? value) => value switch
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
    /// A time cell as ISO 8601 with the China offset: an Excel date cell or "2026-03-02 09:30" is Beijing time; an ISO value
    /// with an offset passes through; anything else comes back as typed (for the validator's message). Null when blank.
    /// </summary>
    public static string? ChinaIso(object? value)
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
