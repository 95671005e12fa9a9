using System.Globalization;
using System.Text.RegularExpressions;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.PreCheck;

/// <summary>What the Admin enters for one dictionary entry.</summary>
/// <param name="ExceptionContexts">例外语境: one per line (or separated by "｜" / "|"); each must contain the term.</param>
public sealed record DictionaryEntryInput(string? Term, DictionaryTermKind Kind, string? Correction, string? Note, bool IsEnabled = true,
    string? ExceptionContexts = null);

/// <summary>One page of dictionary entries (<see cref="Error"/> set when refused).</summary>
public sealed record DictionaryEntryPage(IReadOnlyList<DictionaryEntry> Items, int Total, string? Error = null);

/// <summary>A list for the Admin screen (<see cref="Error"/> set when refused).</summary>
public sealed record AdminList<T>(IReadOnlyList<T> Items, string? Error = null);

/// <summary>
/// Outcome of an import. <see cref="Error"/>: the whole file was refused and nothing changed (unrecognized format, no
/// permission). Otherwise the valid lines were applied and <see cref="LineErrors"/> lists the bad ones ("第N行：…").
/// </summary>
public sealed record DictionaryImportSummary(string? Error, int Added, int Updated, int Skipped, IReadOnlyList<string> LineErrors)
{
    public static DictionaryImportSummary Refused(string error) => new(error, 0, 0, 0, []);
}

/// <summary>A file to download (<see cref="Error"/> set when refused).</summary>
public sealed record DictionaryExport(string? Error, byte[] Content, string ContentType, string FileName);

/// <summary>
/// Admin maintenance of the pre-check rules: 错敏词库 (dictionary), 链接白名单 (allowed hosts) and 核准稿源 (approved
/// sources). Admin only; every change is audited and invalidates <see cref="PreCheckRulesProvider"/>, so the next check
/// uses it. Returns Chinese error messages (null on success).
/// </summary>
public sealed partial class DictionaryAdminService(
    IDbContextFactory<GovernanceDbContext> dbFactory, PreCheckRulesProvider rules, TimeProvider time)
{
    public const string NotAdmin = "只有系统管理员可以维护错敏词库与白名单。";
    public const int MaxImportBytes = 2 * 1024 * 1024;
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static bool IsAdmin(Actor actor) => actor.IsInRole(Roles.Admin);

    // ---- 错敏词 ----

    /// <summary>Entries whose term, correction, note or 例外语境 contains <paramref name="search"/>, newest change first.</summary>
    public async Task<DictionaryEntryPage> ListAsync(Actor actor, string? search = null, DictionaryTermKind? kind = null,
        int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return new([], 0, NotAdmin);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.DictionaryEntries.AsNoTracking();
        if (kind is { } k) q = q.Where(e => e.Kind == k);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(e => e.Term.Contains(s) || (e.Correction != null && e.Correction.Contains(s)) || (e.Note != null && e.Note.Contains(s))
                             || (e.ExceptionContexts != null && e.ExceptionContexts.Contains(s)));
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.UpdatedAtUtc).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new(items, total);
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes an entry.</summary>
    public async Task<string?> SaveAsync(Actor actor, int? id, DictionaryEntryInput input, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        var term = PlainText.CleanLine(input.Term);
        var correction = PlainText.CleanOrNull(input.Correction);
        var note = PlainText.CleanOrNull(input.Note);
        if (term.Length == 0) return "请填写词条。";
        if (term.Length > DictionaryFile.MaxTermLength) return $"词条不超过 {DictionaryFile.MaxTermLength} 字。";
        if (input.Kind == DictionaryTermKind.Incorrect)
        {
            if (correction is null) return "错误表述须填写正确表述。";
            if (correction == term) return "正确表述不能与错误表述相同。";
            if (correction.Length > DictionaryFile.MaxCorrectionLength) return $"正确表述不超过 {DictionaryFile.MaxCorrectionLength} 字。";
        }
        else
        {
            correction = null;
        }
        if (note?.Length > DictionaryFile.MaxNoteLength) return $"备注不超过 {DictionaryFile.MaxNoteLength} 字。";
        var contexts = DictionaryExceptionContexts.Split(input.ExceptionContexts).Select(c => PlainText.CleanLine(c)).Where(c => c.Length > 0)
            .Distinct(StringComparer.Ordinal).ToList();
        if (DictionaryExceptionContexts.Validate(term, contexts) is { } contextError) return contextError;
        var exceptionContexts = DictionaryExceptionContexts.Join(contexts);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = TermKey(term);
        var others = await db.DictionaryEntries.Where(e => e.Id != id).Select(e => e.Term).ToListAsync(ct);
        if (others.FirstOrDefault(t => TermKey(t) == key) is { } dup) return $"词条“{dup}”已存在。";
        DictionaryEntry? entry;
        if (id is { } existing)
        {
            entry = await db.DictionaryEntries.FindAsync([existing], ct);
            if (entry is null) return "词条不存在，可能已被删除。";
        }
        else
        {
            db.DictionaryEntries.Add(entry = new DictionaryEntry { Term = term });
        }
        entry.Term = term;
        entry.Kind = input.Kind;
        entry.Correction = correction;
        entry.Note = note;
        entry.ExceptionContexts = exceptionContexts;
        entry.IsEnabled = input.IsEnabled;
        entry.UpdatedAtUtc = Now;
        var what = $"{KindName(input.Kind)}“{term}”" + (correction is null ? "" : $" → “{correction}”")
            + (contexts.Count == 0 ? "" : $"，例外语境“{string.Join(DictionaryExceptionContexts.DisplaySeparator, contexts)}”")
            + (input.IsEnabled ? "" : "（停用）");
        await SaveAndAuditAsync(db, actor, id is null ? "dictionary.add" : "dictionary.update", (id is null ? "新增" : "修改") + what, ct);
        return null;
    }

    public async Task<string?> SetEnabledAsync(Actor actor, int id, bool enabled, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.DictionaryEntries.FindAsync([id], ct);
        if (entry is null) return "词条不存在，可能已被删除。";
        if (entry.IsEnabled == enabled) return null;
        entry.IsEnabled = enabled;
        entry.UpdatedAtUtc = Now;
        await SaveAndAuditAsync(db, actor, "dictionary.enable", $"{(enabled ? "启用" : "停用")}{KindName(entry.Kind)}“{entry.Term}”", ct);
        return null;
    }

    public async Task<string?> DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entry = await db.DictionaryEntries.FindAsync([id], ct);
        if (entry is null) return "词条不存在，可能已被删除。";
        db.DictionaryEntries.Remove(entry);
        await SaveAndAuditAsync(db, actor, "dictionary.delete", $"删除{KindName(entry.Kind)}“{entry.Term}”", ct);
        return null;
    }

    /// <summary>
    /// Imports a TXT/CSV/XLSX file (<see cref="DictionaryFile"/>): valid lines are added (new term) or update the existing
    /// entry with the same term (its enabled state is kept); unchanged ones are skipped; bad lines are reported and
    /// skipped. An unrecognized or oversized file changes nothing. All changes are saved in one transaction.
    /// </summary>
    public async Task<DictionaryImportSummary> ImportAsync(Actor actor, Stream stream, string fileName, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return DictionaryImportSummary.Refused(NotAdmin);
        byte[] content;
        using (var ms = new MemoryStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                ms.Write(buffer, 0, read);
                if (ms.Length > MaxImportBytes) return DictionaryImportSummary.Refused("文件过大（上限 2 MB）。");
            }
            content = ms.ToArray();
        }
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (ext is not (".txt" or ".csv" or ".xlsx")) return DictionaryImportSummary.Refused("仅支持 TXT、CSV、XLSX 文件。");
        var parsed = DictionaryFile.Import(content, fileName);
        if (parsed.Format == DictionaryFileFormat.Unknown)
            return DictionaryImportSummary.Refused(DictionaryFile.UnknownFormatError + "，请上传 TXT、CSV 或 Excel（.xlsx）文件。");
        if (parsed.Terms.Count == 0 && parsed.Errors.Count == 0) return DictionaryImportSummary.Refused("文件中没有词条。");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.DictionaryEntries.ToListAsync(ct);
        var byKey = new Dictionary<string, DictionaryEntry>(StringComparer.Ordinal);
        foreach (var e in existing) byKey.TryAdd(TermKey(e.Term), e);
        int added = 0, updated = 0, skipped = 0;
        var now = Now;
        foreach (var t in parsed.Terms)
        {
            var kind = PreCheckRulesProvider.ToEntityKind(t.Kind);
            var correction = kind == DictionaryTermKind.Incorrect ? t.Correction : null;
            if (byKey.TryGetValue(TermKey(t.Term), out var entry))
            {
                // A file without the 例外语境 column (TXT, older exports) keeps the contexts already stored.
                var contexts = t.ExceptionContexts ?? (parsed.HasExceptionColumn ? null : entry.ExceptionContexts);
                if (entry.Kind == kind && entry.Correction == correction && entry.Note == t.Note && entry.ExceptionContexts == contexts) { skipped++; continue; }
                entry.Kind = kind;
                entry.Correction = correction;
                entry.Note = t.Note;
                entry.ExceptionContexts = contexts;
                entry.UpdatedAtUtc = now;
                updated++;
            }
            else
            {
                entry = new DictionaryEntry
                {
                    Term = t.Term, Kind = kind, Correction = correction, Note = t.Note, ExceptionContexts = t.ExceptionContexts, IsEnabled = true,
                    UpdatedAtUtc = now,
                };
                db.DictionaryEntries.Add(entry);
                byKey[TermKey(t.Term)] = entry;
                added++;
            }
        }
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "dictionary.import",
            $"导入 {Path.GetFileName(fileName)}：新增 {added}，更新 {updated}，未变 {skipped}，错误 {parsed.Errors.Count} 行", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        rules.Invalidate();
        return new(null, added, updated, skipped, parsed.Errors);
    }

    /// <summary>The whole dictionary (enabled and disabled) as CSV or XLSX, in the import format.</summary>
    public async Task<DictionaryExport> ExportAsync(Actor actor, DictionaryFileFormat format, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return new(NotAdmin, [], "", "");
        if (format is not (DictionaryFileFormat.Csv or DictionaryFileFormat.Xlsx)) return new("导出格式须为 CSV 或 XLSX。", [], "", "");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await db.DictionaryEntries.AsNoTracking().OrderBy(e => e.Kind).ThenBy(e => e.Id).ToListAsync(ct);
        var terms = entries.Select(e => new DictionaryTerm(e.Term, PreCheckRulesProvider.ToTermKind(e.Kind), e.Correction, e.Note, e.ExceptionContexts)).ToList();
        var stamp = Calendar.ChinaTime.Format(Now, "yyyyMMdd");
        return format == DictionaryFileFormat.Csv
            ? new(null, DictionaryFile.ExportCsv(terms), CsvContentType, $"错敏词库-{stamp}.csv")
            : new(null, DictionaryFile.ExportXlsx(terms), XlsxContentType, $"错敏词库-{stamp}.xlsx");
    }

    // ---- 链接白名单 ----

    public async Task<AdminList<AllowedHost>> ListHostsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return new([], NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new(await db.AllowedHosts.AsNoTracking().OrderBy(h => h.Host).ToListAsync(ct));
    }

    /// <summary>
    /// Adds a host (and with it its subdomains). Accepts "www.example.org", "*.example.org", "https://example.org/path"
    /// (scheme, port and path are dropped) and internationalized names; stored in lower case.
    /// </summary>
    public async Task<string?> AddHostAsync(Actor actor, string? host, string? note, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        var (normalized, error) = NormalizeHost(host);
        if (error is not null) return error;
        note = PlainText.CleanOrNull(note);
        if (note?.Length > 200) return "备注不超过 200 字。";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ascii = AsciiHost(normalized!);
        var all = await db.AllowedHosts.Select(h => h.Host).ToListAsync(ct);
        if (all.Any(h => AsciiHost(h) == ascii)) return $"域名“{normalized}”已在白名单中。";
        db.AllowedHosts.Add(new AllowedHost { Host = normalized!, Note = note });
        await SaveAndAuditAsync(db, actor, "allowed_host.add", $"链接白名单新增 {normalized}", ct);
        return null;
    }

    public async Task<string?> RemoveHostAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AllowedHosts.FindAsync([id], ct);
        if (row is null) return "该域名不在白名单中。";
        db.AllowedHosts.Remove(row);
        await SaveAndAuditAsync(db, actor, "allowed_host.remove", $"链接白名单删除 {row.Host}", ct);
        return null;
    }

    // ---- 核准稿源 ----

    public async Task<AdminList<ApprovedSource>> ListSourcesAsync(Actor actor, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return new([], NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new(await db.ApprovedSources.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct));
    }

    public async Task<string?> AddSourceAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        name = PlainText.CleanLine(name);
        if (name.Length == 0) return "请填写稿源单位名称。";
        if (name.Length > 100) return "稿源单位名称不超过 100 字。";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = SourceKey(name);
        var all = await db.ApprovedSources.Select(s => s.Name).ToListAsync(ct);
        if (all.FirstOrDefault(s => SourceKey(s) == key) is { } dup) return $"稿源单位“{dup}”已在核准名单中。";
        db.ApprovedSources.Add(new ApprovedSource { Name = name });
        await SaveAndAuditAsync(db, actor, "approved_source.add", $"核准稿源新增 {name}", ct);
        return null;
    }

    public async Task<string?> RemoveSourceAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!IsAdmin(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ApprovedSources.FindAsync([id], ct);
        if (row is null) return "该稿源单位不在核准名单中。";
        db.ApprovedSources.Remove(row);
        await SaveAndAuditAsync(db, actor, "approved_source.remove", $"核准稿源删除 {row.Name}", ct);
        return null;
    }

    // ---- helpers ----

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task SaveAndAuditAsync(GovernanceDbContext db, Actor actor, string kind, string detail, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, kind, detail, Now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        rules.Invalidate();
    }

    public static string KindName(DictionaryTermKind kind) => kind == DictionaryTermKind.Incorrect ? "错误表述" : "敏感词";

    /// <summary>Duplicate key of a term: as the engine matches it (full-width/ASCII case folded).</summary>
    private static string TermKey(string term) => TextNormalizer.Normalize(term.Trim());

    private static string SourceKey(string s) => string.Concat(TextNormalizer.Normalize(s.Trim()).Where(c => !char.IsWhiteSpace(c)));

    private static string AsciiHost(string host) => PreCheckRuleSet.ToAsciiHost(host) ?? host;

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex AsciiHostShape();

    /// <summary>
    /// "https://www.Example.org:8080/a?b" → "www.example.org"; "*.example.org" → "example.org"; "例子.中国" stays Unicode
    /// (lower case). Returns a Chinese error for anything that is not a domain name.
    /// </summary>
    public static (string? Host, string? Error) NormalizeHost(string? input)
    {
        const string shape = "请填写域名，例如 www.example.org（只含字母、数字、连字符和点，或中文域名）。";
        var s = input?.Trim() ?? "";
        if (s.Length == 0) return (null, "请填写域名。");
        if (s.StartsWith("*.", StringComparison.Ordinal)) s = s[2..];
        if (s.Any(char.IsWhiteSpace) || s.Contains('@')) return (null, shape);
        var host = LinkChecker.ExtractHost(s.Contains("://", StringComparison.Ordinal) || s.StartsWith("//", StringComparison.Ordinal) ? s : "//" + s);
        if (string.IsNullOrEmpty(host)) return (null, shape);
        if (!AsciiHostShape().IsMatch(host)) return (null, shape);
        var labels = host.Split('.');
        if (labels[^1].All(char.IsAsciiDigit)) return (null, "不能添加 IP 地址，请填写域名。");
        if (host == "gov.cn" || host.EndsWith(".gov.cn", StringComparison.Ordinal) || host == "xn--zfr164b" || host.EndsWith(".xn--zfr164b", StringComparison.Ordinal))
            return (null, "*.gov.cn 和 *.政务 域名始终允许，无需添加。");
        string display;
        try
        {
            display = host.Contains("xn--", StringComparison.Ordinal) ? new IdnMapping().GetUnicode(host).ToLowerInvariant() : host;
        }
        catch (ArgumentException)
        {
            return (null, shape);
        }
        return (display, null);
    }
}
