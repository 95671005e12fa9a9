using System.Globalization;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Imports;

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
    public const string NotAFileError = SheetReader.NotAFileError;

    /// <summary>The template's columns, in order, with the intake field each fills.</summary>
    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("来源编号", "sourceRef", true), new("标题", "title", true), new("内容", "content", true), new("类别", "category"),
        new("留言人姓名", "citizenName", true), new("联系电话", "citizenPhone"), new("电子邮箱", "citizenEmail"), new("收到时间", "receivedAt"),
    ];

    /// <summary>The import template: the headers, an empty row, and a sheet that says how to fill it in.</summary>
    public static byte[] Template() => SheetReader.Template("留言", Columns,
    [
        ("来源编号", "必填。来信、来电或平台的唯一编号；同一编号只导入一次，重复导入自动跳过。"),
        ("标题", "必填，不超过 200 字。"),
        ("内容", "必填，不超过 10000 字。"),
        ("类别", "咨询 / 建议 / 投诉 / 求助 / 其他；不填为“其他”。"),
        ("留言人姓名", "必填。个人信息仅监测员与承办单位可见，不公开。"),
        ("联系电话", "选填。"),
        ("电子邮箱", "选填。"),
        ("收到时间", "选填，北京时间，如 2026-03-02 09:30；不填为导入时间。"),
    ]);

    /// <summary>Reads and checks the file; nothing is stored. Never throws on bad content: the preview carries the Chinese reason.</summary>
    public async Task<ImportPreview> PreviewAsync(Stream stream, string fileName, CancellationToken ct = default)
    {
        var (content, tooLarge) = await SheetReader.ReadAllAsync(stream, MaxBytes, ct);
        if (content is null) return new ImportPreview(fileName, null, [], tooLarge);
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

    /// <summary>The file's data rows as intake forms (<see cref="SheetReader"/>).</summary>
    public static (string? Format, IReadOnlyList<(int Line, MessageIntake Intake)> Rows, string? Error) Read(byte[] content, string fileName)
    {
        var sheet = SheetReader.Read(content, fileName, Columns, MaxRows, "留言");
        var rows = sheet.Rows.Select(r => (r.Line, new MessageIntake
        {
            SourceRef = r["sourceRef"], Title = r["title"], Content = r["content"], Category = r["category"], CitizenName = r["citizenName"],
            CitizenPhone = r["citizenPhone"], CitizenEmail = r["citizenEmail"], ReceivedAt = SheetReader.ChinaIso(r.Cells.GetValueOrDefault("receivedAt")),
        })).ToList();
        return (sheet.Format, rows, sheet.Error);
    }
}
