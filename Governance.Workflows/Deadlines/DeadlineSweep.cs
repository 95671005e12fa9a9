using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Deadlines;

/// <summary>
/// The recurring sweep (Hangfire, every minute): sends every due reminder exactly once in effect. A reminder is claimed
/// by a conditional update (Pending → Sent) in the same transaction that inserts its notifications, whose DedupKey is
/// unique — so retries, double execution and restarts all end in the same state, and reminders missed while the server
/// was down go out at the next sweep.
/// </summary>
public sealed class DeadlineSweep(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    WorkflowRegistry registry,
    ChangeFeed feed,
    TimeProvider time,
    ILogger<DeadlineSweep> logger)
{
    private const int BatchSize = 200;

    /// <summary>Runs one sweep; returns how many reminders it sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        var touchedUsers = new List<string>();
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Index (Status, FireAtUtc).
            var due = await db.Reminders.AsNoTracking()
                .Where(r => r.Status == ReminderStatus.Pending && r.FireAtUtc <= now)
                .OrderBy(r => r.FireAtUtc).ThenBy(r => r.Id)
                .Select(r => new { r.Id, r.Level, r.NotifyRoles, r.DeadlineId })
                .Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0) break;
            foreach (var r in due)
            {
                if (await SendOneAsync(r.Id, r.Level, r.NotifyRoles, r.DeadlineId, now, touchedUsers, ct)) sent++;
            }
            if (due.Count < BatchSize) break;
        }
        feed.PublishNotifications(touchedUsers);
        if (sent > 0) logger.LogInformation("Deadline sweep sent {Count} reminders", sent);
        return sent;
    }

    private async Task<bool> SendOneAsync(long reminderId, ReminderLevel level, string notifyRoles, long deadlineId, DateTime now,
        List<string> touchedUsers, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The fire time as it is now, inside the transaction (an extension may have moved the reminder since the batch
        // was read); not due any more, or already sent: nothing to do.
        var fireAtUtc = await db.Reminders.Where(x => x.Id == reminderId && x.Status == ReminderStatus.Pending && x.FireAtUtc <= now)
            .Select(x => (DateTime?)x.FireAtUtc).FirstOrDefaultAsync(ct);
        if (fireAtUtc is null) return false;
        // Claim: only one sweep wins, whatever ran in parallel or before a crash, and only for that fire time.
        var claimed = await db.Reminders.Where(x => x.Id == reminderId && x.Status == ReminderStatus.Pending && x.FireAtUtc == fireAtUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ReminderStatus.Sent).SetProperty(x => x.SentAtUtc, now), ct);
        if (claimed == 0) return false;
        var d = await db.Deadlines.AsNoTracking().Include(x => x.Instance).FirstAsync(x => x.Id == deadlineId, ct);
        var instance = d.Instance!;
        var def = registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        var stateName = def.StateDisplayName(d.State);
        var dueText = Calendar.ChinaTime.Format(d.DueAtUtc);
        var users = new List<string>();
        foreach (var role in notifyRoles.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            // The responsible role is reminded in its own unit; escalation goes to the county-level roles.
            int? unit = level == ReminderLevel.Escalation ? null : d.ResponsibleUnitId;
            users.AddRange(await NotificationService.UsersInRole(db, role, unit).ToListAsync(ct));
        }
        var (kind, title) = level switch
        {
            ReminderLevel.Before => ("reminder", $"即将到期：{def.DisplayName}「{instance.Title}」{stateName}将于 {dueText} 到期"),
            ReminderLevel.Due => ("warning", $"今日到期：{def.DisplayName}「{instance.Title}」{stateName}今日 24 时前须办结"),
            ReminderLevel.Overdue => ("overdue", $"已超期：{def.DisplayName}「{instance.Title}」{stateName}已于 {dueText} 到期"),
            _ => ("escalation", $"超期督办：{def.DisplayName}「{instance.Title}」{stateName}已超期（{Roles.DisplayName(d.ResponsibleRole)}）"),
        };
        // Keyed by the reminder and its fire time: once per level and due time, whatever the retries.
        NotificationService.Add(db, users, kind, title, null, def.Link(instance.Id), instance.Id,
            $"r:{reminderId}:{fireAtUtc.Value.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        touchedUsers.AddRange(users);
        return true;
    }
}
