using Governance.Data;
using Governance.Data.Entities;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Mail;

/// <summary>
/// The mail job (Hangfire <c>mail-outbox</c>, every minute): sends the outbox's due e-mails. Each row is claimed first by
/// a conditional update (Pending and due → Sending, with this run's token and one more attempt); only the run whose update
/// changed the row sends it, so two runs at once (Hangfire.Storage.SQLite may start a job twice) never both send it. The
/// outcome is recorded under the same token: Sent, or back to Pending after a back-off with the Chinese error — Failed
/// once <see cref="MaxAttempts"/> attempts have failed. A row left in Sending by a crash is taken back after
/// <see cref="ClaimLease"/> (then it may go out twice: the only case). While mail is off the job sends nothing.
/// </summary>
public sealed class MailOutboxJob(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    MailSettingsService mailSettings,
    SmtpMailer mailer,
    TimeProvider time,
    ILogger<MailOutboxJob> logger)
{
    public const int MaxAttempts = 5;
    public const int BatchSize = 50;
    /// <summary>At most this many e-mails per run; the rest go in the next minute.</summary>
    public const int MaxPerRun = 200;
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(15);

    /// <summary>Wait after the n-th failed attempt: 1, 5, 15, 60 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(15),
        _ => TimeSpan.FromMinutes(60),
    };

    /// <summary>One run; returns how many e-mails it sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var (settings, endpoint, problem) = await mailSettings.LoadForSendingAsync(ct);
        if (!settings.Enabled) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        await ReleaseStaleClaimsAsync(now, ct);
        var token = Guid.NewGuid().ToString("N");
        var sent = 0;
        var tried = new HashSet<long>();
        SmtpClient? client = null;
        try
        {
            while (tried.Count < MaxPerRun)
            {
                List<long> due;
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                    due = await db.MailOutbox.AsNoTracking()
                        .Where(m => m.Status == OutboxMailStatus.Pending && m.NextAttemptAtUtc <= now && !tried.Contains(m.Id))
                        .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
                if (due.Count == 0) break;
                foreach (var id in due)
                {
                    tried.Add(id);
                    if (!await ClaimAsync(id, token, now, ct)) continue; // another run has it
                    var mail = await LoadAsync(id, ct);
                    if (mail is null) continue;
                    if (endpoint is null)
                    {
                        // Switched on without a usable server or password: every row would fail alike; record it on this one.
                        await FailAsync(id, token, mail.Attempts, problem!, now, ct);
                        return sent;
                    }
                    try
                    {
                        client ??= await mailer.ConnectAsync(endpoint, ct);
                        var message = MailComposer.ForNotification(settings, id, mail.ToName, mail.ToAddress, mail.Title, mail.Body, mail.Link,
                            time.GetUtcNow());
                        await SmtpMailer.SendAsync(client, message, ct);
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        var reason = SmtpMailer.Describe(e, endpoint);
                        logger.LogWarning(e, "Mail {Id} failed (attempt {Attempt})", id, mail.Attempts);
                        await FailAsync(id, token, mail.Attempts, reason, now, ct);
                        var connectionLost = client is null || !client.IsConnected || SmtpMailer.IsConnectionFailure(e);
                        if (connectionLost)
                        {
                            // The server is down or refuses the account: the other rows wait for the next run.
                            return sent;
                        }
                        continue;
                    }
                    await MarkSentAsync(id, token);
                    sent++;
                }
            }
        }
        finally
        {
            if (client is not null) await SmtpMailer.DisconnectAsync(client);
            if (sent > 0) logger.LogInformation("Mail job sent {Count} e-mails", sent);
        }
        return sent;
    }

    /// <summary>A claim older than the lease belongs to a run that died: the row is pending again (its attempt counted).</summary>
    private async Task ReleaseStaleClaimsAsync(DateTime now, CancellationToken ct)
    {
        var before = now - ClaimLease;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.MailOutbox.Where(m => m.Status == OutboxMailStatus.Sending && m.ClaimedAtUtc < before)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, m => m.Attempts >= MaxAttempts ? OutboxMailStatus.Failed : OutboxMailStatus.Pending)
                .SetProperty(m => m.ClaimToken, (string?)null)
                .SetProperty(m => m.LastError, "发送过程中断（服务重启或故障），将重新发送。"), ct);
    }

    /// <summary>The conditional update: only one run changes the row from Pending to Sending.</summary>
    private async Task<bool> ClaimAsync(long id, string token, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MailOutbox.Where(m => m.Id == id && m.Status == OutboxMailStatus.Pending && m.NextAttemptAtUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxMailStatus.Sending).SetProperty(m => m.ClaimToken, token)
                .SetProperty(m => m.ClaimedAtUtc, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct) == 1;
    }

    private sealed record Mail(string ToAddress, string ToName, string Title, string? Body, string? Link, int Attempts);

    private async Task<Mail?> LoadAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from m in db.MailOutbox.AsNoTracking()
                      join n in db.Notifications on m.NotificationId equals n.Id
                      join u in db.Users on n.UserId equals u.Id into us
                      from u in us.DefaultIfEmpty()
                      where m.Id == id
                      select new Mail(m.ToAddress, u != null ? u.DisplayName : m.ToAddress, n.Title, n.Body, n.Link, m.Attempts))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Not cancellable: the message is out, its row must say so.</summary>
    private async Task MarkSentAsync(long id, string token)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.MailOutbox.Where(m => m.Id == id && m.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxMailStatus.Sent).SetProperty(m => m.SentAtUtc, now)
                .SetProperty(m => m.ClaimToken, (string?)null).SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
    }

    private async Task FailAsync(long id, string token, int attempts, string reason, DateTime now, CancellationToken ct)
    {
        var status = attempts >= MaxAttempts ? OutboxMailStatus.Failed : OutboxMailStatus.Pending;
        var next = now + Backoff(attempts);
        var error = status == OutboxMailStatus.Failed ? $"已尝试 {attempts} 次，停止发送。最后一次：{reason}" : reason;
        if (error.Length > 1000) error = error[..1000];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.MailOutbox.Where(m => m.Id == id && m.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status).SetProperty(m => m.NextAttemptAtUtc, next)
                .SetProperty(m => m.ClaimToken, (string?)null).SetProperty(m => m.LastError, error), ct);
    }
}
