using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Governance.Workflows.PreCheck;

/// <summary>File formats understood by <see cref="DictionaryFile"/>.</summary>
public enum DictionaryFileFormat
{
    Unknown = 0,
    Txt,
    Csv,
    Xlsx,
}

/// <summary>Parsed entries plus per-line errors (Chinese, e.g. "第3行：词条为空"). Errors never stop the import of other lines.</summary>
/// <param name="HasExceptionColumn">
/// The file states 例外语境 for every entry (CSV/XLSX with that column): an entry without contexts clears them. Otherwise
/// (TXT, CSV/XLSX without the column) an entry without contexts keeps the ones already stored.
/// </param>
public sealed record DictionaryImportResult(
    DictionaryFileFormat Format,
    IReadOnlyList<DictionaryTerm> Terms,
    IReadOnlyList<string> Errors,
    bool HasExceptionColumn = false);

/// <summary>
/// Import/export of the 敏感词库/错误表述库.
/// <list type="bullet">
/// <item>TXT: one term per line; "错误=>正确" or "错误&lt;TAB&gt;正确[&lt;TAB&gt;备注]" is an Incorrect entry, a plain word a Sensitive one;
/// any line may end with " 例外：语境1｜语境2" (after a space or TAB; "例外:" and "|" also accepted) — its 例外语境;
/// empty lines and lines starting with '#' are ignored.</item>
/// <item>CSV: header "词条,类型,正确表述,备注,例外语境" (columns found by header name; without a header that order is assumed;
/// 例外语境 is optional, contexts separated by "｜", "|" or line breaks);
/// 类型 is 敏感/错误 (敏感词/错误表述, Sensitive/Incorrect also accepted; empty → 错误 when 正确表述 is given, else 敏感).
/// Read with MiniExcel's CSV reader (quoted fields with commas, doubled quotes and line breaks; note that it also
/// splits unquoted cells at a TAB); UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (Excel "CSV" saved on
/// Chinese Windows). "第N行" is the physical line where the record starts.</item>
/// <item>XLSX: first sheet, same columns as CSV (read/written with MiniExcel).</item>
/// </list>
/// The format is detected from the content (zip magic "PK\x03\x04" → xlsx); the file name only decides between TXT and CSV.
/// Import never throws on bad content.
/// </summary>
public static partial class DictionaryFile
{
    public const string HeaderTerm = "词条";
    public const string HeaderKind = "类型";
    public const string HeaderCorrection = "正确表述";
    public const string HeaderNote = "备注";
    public const string HeaderExceptions = "例外语境";
    public const string UnknownFormatError = "无法识别的文件格式";
    /// <summary>Column sizes of the DictionaryEntries table: longer values are reported per line, not truncated.</summary>
    public const int MaxTermLength = 100;
    public const int MaxCorrectionLength = 200;
    public const int MaxNoteLength = 200;

    static DictionaryFile()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static DictionaryImportResult Import(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            return Import(ms.ToArray(), fileName);
        }
        catch (IOException)
        {
            return Unknown();
        }
    }

    public static DictionaryImportResult Import(byte[] content, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var format = DetectFormat(content, fileName);
        try
        {
            return format switch
            {
                DictionaryFileFormat.Xlsx => ImportXlsx(content),
                DictionaryFileFormat.Csv => ImportRows(DictionaryFileFormat.Csv, ReadCsv(DecodeText(content)!)),
                DictionaryFileFormat.Txt => ImportTxt(DecodeText(content)!),
                _ => Unknown(),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Corrupt zip/xlsx or anything else the parsers did not expect: report, never throw.
            return Unknown();
        }
    }

    private static DictionaryImportResult Unknown() => new(DictionaryFileFormat.Unknown, [], [UnknownFormatError]);

    /// <summary>Detects the format from the bytes; <paramref name="fileName"/> only separates CSV from TXT.</summary>
    public static DictionaryFileFormat DetectFormat(ReadOnlySpan<byte> content, string? fileName)
    {
        if (content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4)
        {
            return DictionaryFileFormat.Xlsx;
        }
        var text = DecodeText(content);
        if (text is null) return DictionaryFileFormat.Unknown;
        string ext = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        if (ext == ".csv") return DictionaryFileFormat.Csv;
        if (ext == ".txt") return DictionaryFileFormat.Txt;
        int nl = text.IndexOf('\n');
        string firstLine = (nl < 0 ? text : text[..nl]).Trim();
        return firstLine.StartsWith(HeaderTerm + ",", StringComparison.Ordinal) || firstLine.StartsWith("\"" + HeaderTerm + "\"", StringComparison.Ordinal)
            ? DictionaryFileFormat.Csv
            : DictionaryFileFormat.Txt;
    }

    /// <summary>Text decoding: BOM (UTF-8/UTF-16), else strict UTF-8, else GB18030; null for binary content.</summary>
    private static string? DecodeText(ReadOnlySpan<byte> content)
    {
        string text;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = DecodeStrict(new UTF8Encoding(false, true), content[3..]) ?? "\0";
        else if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) text = DecodeStrict(new UnicodeEncoding(false, false, true), content[2..]) ?? "\0";
        else if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) text = DecodeStrict(new UnicodeEncoding(true, false, true), content[2..]) ?? "\0";
        else
        {
            text = DecodeStrict(new UTF8Encoding(false, true), content)
                ?? DecodeStrict(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), content)
                ?? "\0";
        }
        foreach (var c in text)
        {
            if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') return null; // NUL & other controls: binary, not a word list
        }
        return text;
    }

    private static string? DecodeStrict(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static DictionaryImportResult ImportTxt(string text)
    {
        var terms = new List<DictionaryTerm>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string? contexts = null;
            if (TxtExceptions().Match(line) is { Success: true } ex)
            {
                contexts = ex.Groups[1].Value;
                line = line[..ex.Index].Trim();
            }
            string term, correction = string.Empty, note = string.Empty;
            TermKind kind;
            int arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                term = line[..arrow].Trim();
                correction = line[(arrow + 2)..].Trim();
                kind = TermKind.Incorrect;
            }
            else if (line.Contains('\t'))
            {
                var parts = line.Split('\t');
                term = parts[0].Trim();
                correction = parts.Length > 1 ? parts[1].Trim() : string.Empty;
                note = parts.Length > 2 ? string.Join(" ", parts.Skip(2)).Trim() : string.Empty;
                kind = TermKind.Incorrect;
            }
            else
            {
                term = line;
                kind = TermKind.Sensitive;
            }
            AddEntry(lineNo, term, kind, correction, note, contexts, terms, errors, seen);
        }
        return new DictionaryImportResult(DictionaryFileFormat.Txt, terms, errors);
    }

    private static void AddEntry(int lineNo, string term, TermKind kind, string correction, string note, string? contexts,
        List<DictionaryTerm> terms, List<string> errors, HashSet<string> seen)
    {
        if (term.Length == 0) { errors.Add($"第{lineNo}行：词条为空"); return; }
        if (term.Length > MaxTermLength) { errors.Add($"第{lineNo}行：词条过长（超过{MaxTermLength}字）"); return; }
        if (kind == TermKind.Incorrect && correction.Length == 0) { errors.Add($"第{lineNo}行：错误表述「{term}」缺少正确表述"); return; }
        if (kind == TermKind.Incorrect && correction == term) { errors.Add($"第{lineNo}行：错误表述与正确表述相同"); return; }
        if (kind == TermKind.Incorrect && correction.Length > MaxCorrectionLength) { errors.Add($"第{lineNo}行：正确表述过长（超过{MaxCorrectionLength}字）"); return; }
        if (note.Length > MaxNoteLength) { errors.Add($"第{lineNo}行：备注过长（超过{MaxNoteLength}字）"); return; }
        var exceptions = DictionaryExceptionContexts.Split(contexts);
        if (DictionaryExceptionContexts.Validate(term, exceptions) is { } bad) { errors.Add($"第{lineNo}行：{bad.TrimEnd('。')}"); return; }
        if (!seen.Add(term)) { errors.Add($"第{lineNo}行：词条「{term}」重复，已忽略"); return; }
        terms.Add(new DictionaryTerm(term, kind, kind == TermKind.Incorrect ? correction : null, note.Length == 0 ? null : note,
            DictionaryExceptionContexts.Join(exceptions)));
    }

    /// <summary>Rows (line number, cells) → entries. The first row is a header when its first cell is "词条".</summary>
    private static DictionaryImportResult ImportRows(DictionaryFileFormat format, IEnumerable<(int Line, IReadOnlyList<string> Cells)> rows)
    {
        var terms = new List<DictionaryTerm>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int colTerm = 0, colKind = 1, colCorrection = 2, colNote = 3, colExceptions = 4;
        bool first = true, hasExceptions = false;
        foreach (var (line, cells) in rows)
        {
            if (first)
            {
                first = false;
                if (cells.Count > 0 && cells[0].Trim().TrimStart('\uFEFF') == HeaderTerm)
                {
                    colKind = colCorrection = colNote = colExceptions = -1;
                    for (int c = 0; c < cells.Count; c++)
                    {
                        switch (cells[c].Trim().TrimStart('\uFEFF'))
                        {
                            case HeaderTerm: colTerm = c; break;
                            case HeaderKind: colKind = c; break;
                            case HeaderCorrection: colCorrection = c; break;
                            case HeaderNote: colNote = c; break;
                            case HeaderExceptions: colExceptions = c; hasExceptions = true; break;
                        }
                    }
                    continue;
                }
            }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            if (colExceptions >= 0 && colExceptions < cells.Count) hasExceptions = true;
            string Cell(int c) => c >= 0 && c < cells.Count ? (cells[c] ?? string.Empty).Trim() : string.Empty;
            string term = Cell(colTerm), kindText = Cell(colKind), correction = Cell(colCorrection), note = Cell(colNote);
            TermKind kind;
            switch (kindText)
            {
                case "敏感": case "敏感词": case "Sensitive": case "sensitive": kind = TermKind.Sensitive; break;
                case "错误": case "错误表述": case "Incorrect": case "incorrect": kind = TermKind.Incorrect; break;
                case "": kind = correction.Length > 0 ? TermKind.Incorrect : TermKind.Sensitive; break;
                default:
                    errors.Add($"第{line}行：类型「{kindText}」无法识别（应为“敏感”或“错误”）");
                    continue;
            }
            AddEntry(line, term, kind, correction, note, Cell(colExceptions), terms, errors, seen);
        }
        return new DictionaryImportResult(format, terms, errors, hasExceptions);
    }

    /// <summary>
    /// CSV records through MiniExcel's CSV reader, each with the physical line where it starts. MiniExcel skips blank lines
    /// and joins a line with the next ones while its quotes are unbalanced; the line numbers are found the same way.
    /// A first line with one cell is put in front, because MiniExcel refuses rows with fewer cells than its first row
    /// (a TXT-like line "法轮功" in a four-column file).
    /// </summary>
    internal static List<(int Line, IReadOnlyList<string> Cells)> ReadCsv(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var recordLines = new List<int>();
        var physical = text.Split('\n');
        bool open = false;
        for (int i = 0; i < physical.Length; i++)
        {
            var line = physical[i].TrimEnd('\r');
            if (!open)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                recordLines.Add(i + 1);
            }
            if (line.Count(c => c == '"') % 2 != 0) open = !open;
        }

        var config = new CsvConfiguration { NewLine = "\n", StreamReaderFunc = s => new StreamReader(s, new UTF8Encoding(false)) };
        using var ms = new MemoryStream(new UTF8Encoding(false).GetBytes("#\n" + text));
        var rows = new List<(int, IReadOnlyList<string>)>();
        bool front = true;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(ms, useHeaderRow: false, excelType: ExcelType.CSV, configuration: config))
        {
            if (front) { front = false; continue; } // the line put in front
            var cells = new List<string>(row.Count);
            foreach (var kv in row) cells.Add(kv.Value?.ToString() ?? string.Empty);
            int record = rows.Count;
            rows.Add((record < recordLines.Count ? recordLines[record] : record + 1, cells));
        }
        return rows;
    }

    private static DictionaryImportResult ImportXlsx(byte[] content)
    {
        using var ms = new MemoryStream(content, writable: false);
        var rows = new List<(int, IReadOnlyList<string>)>();
        int rowNo = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(ms, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            rowNo++;
            var cells = new List<string>();
            foreach (var kv in row) cells.Add(kv.Value?.ToString() ?? string.Empty);
            rows.Add((rowNo, cells));
        }
        return ImportRows(DictionaryFileFormat.Xlsx, rows);
    }

    private static string KindText(TermKind kind) => kind == TermKind.Incorrect ? "错误" : "敏感";

    /// <summary>CSV with header 词条,类型,正确表述,备注,例外语境 (contexts joined by "｜"); UTF-8 with BOM so that Excel opens it correctly.</summary>
    public static byte[] ExportCsv(IEnumerable<DictionaryTerm> terms)
    {
        var sb = new StringBuilder();
        sb.Append(HeaderTerm).Append(',').Append(HeaderKind).Append(',').Append(HeaderCorrection).Append(',').Append(HeaderNote)
          .Append(',').Append(HeaderExceptions).Append("\r\n");
        foreach (var t in terms)
        {
            sb.Append(Quote(t.Term)).Append(',').Append(KindText(t.Kind)).Append(',')
              .Append(Quote(t.Correction ?? string.Empty)).Append(',').Append(Quote(t.Note ?? string.Empty)).Append(',')
              .Append(Quote(DictionaryExceptionContexts.Display(t.ExceptionContexts))).Append("\r\n");
        }
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
        return bytes;

        static string Quote(string s) =>
            s.IndexOfAny([',', '"', '\n', '\r']) >= 0 || (s.Length > 0 && (s[0] == ' ' || s[^1] == ' '))
                ? "\"" + s.Replace("\"", "\"\"") + "\""
                : s;
    }

    /// <summary>XLSX (one sheet "词库") with the same columns as the CSV.</summary>
    public static byte[] ExportXlsx(IEnumerable<DictionaryTerm> terms)
    {
        var rows = terms.Select(t => new Dictionary<string, object>
        {
            [HeaderTerm] = t.Term,
            [HeaderKind] = KindText(t.Kind),
            [HeaderCorrection] = t.Correction ?? string.Empty,
            [HeaderNote] = t.Note ?? string.Empty,
            [HeaderExceptions] = DictionaryExceptionContexts.Display(t.ExceptionContexts),
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(new Dictionary<string, object> { [HeaderTerm] = "", [HeaderKind] = "", [HeaderCorrection] = "", [HeaderNote] = "", [HeaderExceptions] = "" });
        }
        using var ms = new MemoryStream();
        MiniExcel.SaveAs(ms, rows, sheetName: "词库", excelType: ExcelType.XLSX);
        return ms.ToArray();
    }

    /// <summary>TXT: " 例外：语境1｜语境2" at the end of a line (after a space or TAB).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\s+例外[:：]\s*(.*)$")]
    private static partial System.Text.RegularExpressions.Regex TxtExceptions();
}
