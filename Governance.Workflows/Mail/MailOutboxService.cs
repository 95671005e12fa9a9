using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Mail;

/// <summary>One outbox row as Admin sees it.</summary>
public sealed record OutboxRow(long Id, DateTime CreatedAtUtc, string UserName, string ToAddress, string Title, OutboxMailStatus Status,
    int Attempts, DateTime NextAttemptAtUtc, DateTime? SentAtUtc, string? LastError);

/// <summary>Admin's view of the outbox (Admin → 邮件通知): how many are waiting, sent, failed, the latest rows, and 重新发送.</summary>
public sealed class MailOutboxService(IDbContextFactory<GovernanceDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public static string StatusName(OutboxMailStatus s) => s switch
    {
        OutboxMailStatus.Pending => "待发送",
        OutboxMailStatus.Sending => "发送中",
        OutboxMailStatus.Sent => "已发送",
        OutboxMailStatus.Failed => "发送失败",
        OutboxMailStatus.Cancelled => "已取消",
        _ => s.ToString(),
    };

    /// <summary>The count of each status (Admin only; empty for anyone else).</summary>
    public async Task<IReadOnlyDictionary<OutboxMailStatus, int>> CountsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return new Dictionary<OutboxMailStatus, int>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.MailOutbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<OutboxMailStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>The newest rows (of one status when given), newest first (Admin only).</summary>
    public async Task<IReadOnlyList<OutboxRow>> ListAsync(Actor actor, OutboxMailStatus? status, int take = 100, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.MailOutbox.AsNoTracking();
        if (status is { } s) q = q.Where(m => m.Status == s);
        return await (from m in q
                      join n in db.Notifications on m.NotificationId equals n.Id
                      join u in db.Users on n.UserId equals u.Id into us
                      from u in us.DefaultIfEmpty()
                      orderby m.Id descending
                      select new OutboxRow(m.Id, m.CreatedAtUtc, u != null ? u.DisplayName : "", m.ToAddress, n.Title, m.Status, m.Attempts,
                          m.NextAttemptAtUtc, m.SentAtUtc, m.LastError))
            .Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
    }

    /// <summary>Sends failed (or cancelled) e-mails again at the next run, with a fresh count of attempts (Admin only).</summary>
    public async Task<(int Count, string? Error)> RetryAsync(Actor actor, long? id = null, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return (0, "只有系统管理员可以重新发送邮件。");
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.MailOutbox.Where(m => m.Status == OutboxMailStatus.Failed || m.Status == OutboxMailStatus.Cancelled);
        if (id is { } one) q = q.Where(m => m.Id == one);
        var count = await q.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxMailStatus.Pending).SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.NextAttemptAtUtc, now), ct);
        if (count > 0)
            await audit.WriteAsync(actor.UserId, actor.Name, "mail.retry", id is { } x ? $"重新发送邮件 #{x}" : $"重新发送 {count} 封失败的邮件", ct);
        return (count, null);
    }
}
