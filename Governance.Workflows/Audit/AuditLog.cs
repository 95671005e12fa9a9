using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Audit;

/// <summary>The result of a verification: intact or not, how many entries and anchors were checked, the first broken entry.</summary>
public sealed record AuditVerification(bool Intact, int Checked, long? FirstBrokenId, string Message, int AnchorsChecked = 0);

/// <summary>
/// Append-only, hash-chained audit log (第15条 防篡改): each entry stores the previous entry's hash, so an edit or a
/// deletion anywhere in the table breaks the chain and <see cref="VerifyAsync"/> finds it. Deleting the newest entries
/// leaves a chain that still links up: the external anchors (<see cref="AuditAnchorStore"/>, written daily and on every
/// verification) remember which entry was the newest and its hash, so that is found too.
/// </summary>
public sealed class AuditLog(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, AuditAnchorStore anchors)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Writes one entry in its own transaction and returns it (with its sequence number and hash).</summary>
    public async Task<AuditEntry> WriteAsync(string? userId, string? userName, string kind, string detail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await AppendAsync(db, userId, userName, kind, detail, time.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    /// <summary>Adds an entry inside the caller's (write) transaction, chained to the last saved one.</summary>
    public static async Task<AuditEntry> AppendAsync(GovernanceDbContext db, string? userId, string? userName, string kind, string detail,
        DateTime nowUtc, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).LastOrDefault();
        var postgres = db.Database.IsNpgsql();
        // The head: its hash (and on PostgreSQL its number too, see below). SQLite's statement stays the one QueryShapeTests knows.
        long? headId = null;
        string? headHash = null;
        if (pending is null && postgres)
        {
            var head = await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => new { a.Id, a.Hash }).FirstOrDefaultAsync(ct);
            (headId, headHash) = (head?.Id, head?.Hash);
        }
        else if (pending is null)
            headHash = await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct);
        var prev = pending?.Hash ?? headHash ?? Genesis;
        // PostgreSQL keeps microseconds, .NET ticks are 100 ns: hash the instant as it will be read back, or the entry
        // would look tampered with at the first verification (SQLite stores every tick).
        if (postgres) nowUtc = new DateTime(nowUtc.Ticks - nowUtc.Ticks % 10, nowUtc.Kind);
        var entry = new AuditEntry { AtUtc = nowUtc, UserId = userId, UserName = userName, Kind = kind, Detail = detail, PrevHash = prev, Hash = "" };
        // Sequence numbers must stay consecutive (a gap reads as deleted entries). SQLite's AUTOINCREMENT rolls back with the
        // transaction; a PostgreSQL sequence does not, so there the number is the head's + 1, taken under the write lock.
        if (postgres) entry.Id = (pending?.Id ?? headId ?? 0) + 1;
        entry.Hash = ComputeHash(entry);
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static string ComputeHash(AuditEntry e)
    {
        // SQLite gives the timestamp back as DateTimeKind.Unspecified: hash it as the UTC it was written as ("…Z").
        var atUtc = e.AtUtc.Kind switch
        {
            DateTimeKind.Local => e.AtUtc.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc),
            _ => e.AtUtc,
        };
        var text = string.Join('\u001f', e.PrevHash, atUtc.ToString("O", CultureInfo.InvariantCulture), e.UserId ?? "", e.UserName ?? "",
            e.Kind, e.Detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Verifies and, when intact, anchors the newest entry.</summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken ct) => VerifyAsync(true, ct);

    /// <summary>
    /// Checks the chain from the first entry and every external anchor against it; the first problem in sequence order is
    /// reported (<see cref="AuditVerification.FirstBrokenId"/>). When intact and <paramref name="anchor"/>, the newest
    /// entry is anchored (第15条: every verification extends what a later deletion would have to get past).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(bool anchor = true, CancellationToken ct = default)
    {
        var read = await anchors.ReadAsync(ct);
        if (read.Problem is { } unreadable) return new(false, 0, null, unreadable);
        var expected = AuditAnchorStore.Effective(read.Anchors);
        var next = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prev = Genesis;
        var count = 0;
        AuditEntry? last = null;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Sequence numbers are consecutive (AUTOINCREMENT, rows never deleted): a gap is deleted entries, whether or
            // not their successors were re-chained; an anchor of one of them says so with its evidence.
            var expectedId = (last?.Id ?? 0) + 1;
            if (e.Id != expectedId)
            {
                if (next < expected.Count && expected[next].Seq < e.Id) return Missing(expectedId - 1, e.Id - 1, expected[next], count, next);
                var gap = e.Id - 1 > expectedId ? $"第 {expectedId} 至 {e.Id - 1} 条" : $"第 {expectedId} 条";
                return new(false, count, expectedId, $"{gap}记录缺失：序号不连续，记录被删除。", next);
            }
            count++;
            if (e.PrevHash != prev) return new(false, count, e.Id, $"第 {e.Id} 条记录之前的记录被删除或篡改。", next);
            if (ComputeHash(e) != e.Hash) return new(false, count, e.Id, $"第 {e.Id} 条记录的内容被篡改。", next);
            for (; next < expected.Count && expected[next].Seq == e.Id; next++)
            {
                if (expected[next].Hash != e.Hash)
                    return new(false, count, e.Id,
                        $"第 {e.Id} 条记录与外部锚点不符（{expected[next].Where}，{ChinaTime.Format(expected[next].AtUtc, "yyyy-MM-dd HH:mm:ss")}锚定）：记录被篡改或替换。", next);
            }
            prev = e.Hash;
            last = e;
        }
        // The newest entries deleted: the chain that is left links up, but an anchor remembers a later entry.
        if (next < expected.Count) return Missing(last?.Id ?? 0, expected[^1].Seq, expected[next], count, next);

        var message = $"审计日志完整，共校验 {count} 条记录，核对外部锚点 {expected.Count} 个。";
        if (anchor && last is not null)
        {
            try
            {
                await anchors.AppendAsync(AuditAnchorStore.Verify, last.Id, last.Hash, time.GetUtcNow().UtcDateTime, ct);
                message += $"已将第 {last.Id} 条记录锚定到外部锚点文件。";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                message += $"但未能写入外部锚点（{anchors.Directory}）：{ex.Message}";
            }
        }
        return new(true, count, null, message, expected.Count);
    }

    /// <summary>Entries after <paramref name="lastPresent"/> up to <paramref name="lastGone"/> are gone; the anchor proves they existed.</summary>
    private static AuditVerification Missing(long lastPresent, long lastGone, AuditAnchor a, int count, int anchorsChecked)
    {
        var first = lastPresent + 1;
        var range = lastGone > first ? $"第 {first} 至 {lastGone} 条" : $"第 {first} 条";
        return new(false, count, first,
            $"{range}记录缺失：外部锚点（{a.Where}，{ChinaTime.Format(a.AtUtc, "yyyy-MM-dd HH:mm:ss")}锚定）记录过第 {a.Seq} 条，数据库中已不存在（记录被删除）。",
            anchorsChecked);
    }

    /// <summary>The newest entry (sequence number and hash), or null when the log is empty.</summary>
    public async Task<AuditEntry?> HeadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The daily Hangfire job: anchors the newest entry once per China day. Run twice (Hangfire may), it writes one line:
    /// the check for today's anchor and the append hold the anchor files' lock.
    /// </summary>
    public async Task<bool> AnchorDailyAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await HeadAsync(ct) is not { } head) return false;
        var today = ChinaTime.Date(now);
        return await anchors.AppendUnlessAsync(AuditAnchorStore.Daily, head.Id, head.Hash, now,
            written => written.Any(a => a.Kind == AuditAnchorStore.Daily && ChinaTime.Date(a.AtUtc) == today), ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
