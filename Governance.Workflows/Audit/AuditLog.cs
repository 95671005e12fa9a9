using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Audit;

public sealed record AuditVerification(bool Intact, int Checked, long? FirstBrokenId, string Message);

/// <summary>
/// Append-only, hash-chained audit log (第15条 防篡改): each entry stores the previous entry's hash, so an edit or a
/// deletion anywhere in the table breaks the chain and <see cref="VerifyAsync"/> finds it.
/// </summary>
public sealed class AuditLog(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public async Task WriteAsync(string? userId, string? userName, string kind, string detail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AppendAsync(db, userId, userName, kind, detail, time.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Adds an entry inside the caller's (write) transaction, chained to the last saved one.</summary>
    public static async Task AppendAsync(GovernanceDbContext db, string? userId, string? userName, string kind, string detail,
        DateTime nowUtc, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).LastOrDefault();
        var prev = pending?.Hash ?? await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct) ?? Genesis;
        var entry = new AuditEntry { AtUtc = nowUtc, UserId = userId, UserName = userName, Kind = kind, Detail = detail, PrevHash = prev, Hash = "" };
        entry.Hash = ComputeHash(entry);
        db.AuditEntries.Add(entry);
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

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prev = Genesis;
        var count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.PrevHash != prev) return new(false, count, e.Id, $"第 {e.Id} 条记录之前的记录被删除或篡改。");
            if (ComputeHash(e) != e.Hash) return new(false, count, e.Id, $"第 {e.Id} 条记录的内容被篡改。");
            prev = e.Hash;
        }
        return new(true, count, null, $"审计日志完整，共校验 {count} 条记录。");
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
