using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Governance.Workflows.Calendar;

namespace Governance.Workflows.Audit;

/// <summary>Where the external anchors of the audit chain are written: a folder outside the database. Registered by the host.</summary>
public sealed class AuditAnchorOptions
{
    /// <summary>Absolute folder (default App_Data/audit-anchors; better on another volume or a write-once share).</summary>
    public required string Directory { get; init; }
}

/// <summary>One anchor: at <see cref="AtUtc"/>, entry <see cref="Seq"/> of the audit chain had <see cref="Hash"/>.</summary>
public sealed record AuditAnchor(DateTime AtUtc, string Kind, long Seq, string Hash, string File, int Line)
{
    public string Where => $"{File} 第 {Line} 行";
}

/// <summary>The anchors read from the folder, or the first line that is not an anchor (the files were tampered with).</summary>
public sealed record AuditAnchorRead(IReadOnlyList<AuditAnchor> Anchors, string? Problem);

/// <summary>
/// External anchors of the audit chain (第15条 防篡改): the latest entry's sequence number and hash with the time, appended
/// one line per anchor to monthly files outside the database. The chain alone cannot tell that its newest entries were
/// deleted (what is left still links up); an anchor can — an anchored entry that is gone, or whose hash differs, breaks
/// the verification. Files are only ever appended to, under an exclusive lock that other processes (the `audit verify`
/// verb beside the running portal) respect.
/// </summary>
public sealed partial class AuditAnchorStore(AuditAnchorOptions options)
{
    public const string Daily = "daily";
    public const string Verify = "verify";
    /// <summary>Written after a restore: earlier anchors of this sequence number and later belong to the replaced database.</summary>
    public const string Restore = "restore";

    private const string Header = "# 审计日志外部锚点（第15条 防篡改）：时间(UTC)\t来源\t序号\t哈希。只追加，请勿修改或删除。\n";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Directory => options.Directory;

    public static string KindName(string kind) => kind switch
    {
        Daily => "每日锚定",
        Verify => "校验时锚定",
        Restore => "恢复备份后锚定",
        _ => kind,
    };

    /// <summary>Every anchor in file order (files by month, lines in order); a torn last line (a crash mid-write) is skipped.</summary>
    public async Task<AuditAnchorRead> ReadAsync(CancellationToken ct = default)
    {
        var anchors = new List<AuditAnchor>();
        if (!System.IO.Directory.Exists(options.Directory)) return new(anchors, null);
        foreach (var path in AnchorFiles())
        {
            var name = Path.GetFileName(path);
            string text;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
                text = await reader.ReadToEndAsync(ct);
            var lines = text.Split('\n');
            // The part after the last newline is a line still being written (or torn by a crash): not an anchor yet.
            for (var i = 0; i < lines.Length - 1; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (Parse(line, name, i + 1) is not { } anchor)
                    return new(anchors, $"外部锚点文件 {name} 第 {i + 1} 行格式不正确，锚点文件可能被篡改。");
                anchors.Add(anchor);
            }
        }
        return new(anchors, null);
    }

    /// <summary>
    /// The anchors the database must still match, by sequence number: a restore line retires the earlier anchors of its
    /// sequence number and later (they described the database the restore replaced).
    /// </summary>
    public static IReadOnlyList<AuditAnchor> Effective(IReadOnlyList<AuditAnchor> all)
    {
        var kept = new List<AuditAnchor>();
        foreach (var a in all)
        {
            if (a.Kind == Restore) kept.RemoveAll(k => k.Seq >= a.Seq);
            kept.Add(a);
        }
        return kept.OrderBy(a => a.Seq).ThenBy(a => a.AtUtc).ToList();
    }

    /// <summary>Appends one anchor line.</summary>
    public Task AppendAsync(string kind, long seq, string hash, DateTime nowUtc, CancellationToken ct = default) =>
        AppendUnlessAsync(kind, seq, hash, nowUtc, _ => false, ct);

    /// <summary>
    /// Appends one anchor unless <paramref name="skip"/> says, over the anchors already written, that it is there already
    /// (the daily job's "once per day"). The check and the append hold one lock, so two runs at once write one line.
    /// Returns whether a line was written.
    /// </summary>
    public async Task<bool> AppendUnlessAsync(string kind, long seq, string hash, DateTime nowUtc, Func<IReadOnlyList<AuditAnchor>, bool> skip,
        CancellationToken ct = default)
    {
        if (kind is not (Daily or Verify or Restore)) throw new ArgumentException("unknown anchor kind", nameof(kind));
        if (!HashPattern().IsMatch(hash)) throw new ArgumentException("not a SHA-256 hash", nameof(hash));
        System.IO.Directory.CreateDirectory(options.Directory);
        await Gate.WaitAsync(ct);
        try
        {
            await using var fileLock = await LockAsync(ct);
            var read = await ReadAsync(ct);
            if (read.Problem is null && skip(read.Anchors)) return false;
            var utc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
            var path = Path.Combine(options.Directory, FileName(utc));
            await using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var text = new StringBuilder();
            if (stream.Length == 0) text.Append(Header);
            else DropTornTail(stream);
            stream.Seek(0, SeekOrigin.End);
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{utc:O}\t{kind}\t{seq}\t{hash}\n"));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct);
            await stream.FlushAsync(ct);
            stream.Flush(flushToDisk: true);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A crash mid-write leaves a last line without its newline: never an anchor (<see cref="ReadAsync"/> skips it). It is
    /// cut off before the next line is appended, so that it cannot become a malformed complete line.
    /// </summary>
    private static void DropTornTail(FileStream stream)
    {
        var tail = (int)Math.Min(stream.Length, 4096);
        var buffer = new byte[tail];
        stream.Seek(-tail, SeekOrigin.End);
        stream.ReadExactly(buffer);
        if (buffer[^1] == '\n') return;
        var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
        stream.SetLength(lastNewline < 0 ? stream.Length - tail : stream.Length - tail + lastNewline + 1);
    }

    /// <summary>audit-anchors-2026-03.log: one file per China month.</summary>
    public static string FileName(DateTime utc) => $"audit-anchors-{ChinaTime.Format(utc, "yyyy-MM")}.log";

    private IEnumerable<string> AnchorFiles() =>
        System.IO.Directory.EnumerateFiles(options.Directory, "audit-anchors-*.log")
            .Where(f => FilePattern().IsMatch(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal);

    private static AuditAnchor? Parse(string line, string file, int lineNo)
    {
        var parts = line.Split('\t');
        if (parts.Length != 4) return null;
        if (!DateTime.TryParseExact(parts[0], "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            || at.Kind != DateTimeKind.Utc) return null;
        if (parts[1] is not (Daily or Verify or Restore)) return null;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq <= 0) return null;
        if (!HashPattern().IsMatch(parts[3])) return null;
        return new AuditAnchor(at, parts[1], seq, parts[3], file, lineNo);
    }

    /// <summary>An exclusive lock file, held while checking and appending; other processes wait for it (retrying briefly).</summary>
    private async Task<FileStream> LockAsync(CancellationToken ct)
    {
        var path = Path.Combine(options.Directory, ".lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();

    [GeneratedRegex(@"^audit-anchors-\d{4}-\d{2}\.log$")]
    private static partial Regex FilePattern();
}
