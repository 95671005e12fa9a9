using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Mail;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Notifications;

/// <summary>The one notification path: every workflow and job adds notifications through here.</summary>
public sealed class NotificationService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, ChangeFeed feed)
{
    /// <summary>
    /// Users who hold <paramref name="role"/>, limited to <paramref name="unitId"/> when given; disabled users excluded.
    /// </summary>
    public static IQueryable<string> UsersInRole(GovernanceDbContext db, string role, int? unitId) =>
        from u in db.Users
        join ur in db.UserRoles on u.Id equals ur.UserId
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == role && !u.IsDisabled && (unitId == null || u.UnitId == unitId)
        select u.Id;

    /// <summary>
    /// Tells the users of <paramref name="roles"/> in the item's handling unit, from inside a trigger (a chase, an extension,
    /// a closure): once per journal entry (DedupKey "{source}:{item}:{seq}:{kind}"), never the actor; their bells refresh after
    /// the commit.
    /// </summary>
    public static async Task NotifyHandlingUnitAsync(Engine.TriggerContext ctx, IReadOnlyList<string> roles, string source, string kind,
        string title, string link)
    {
        var users = new List<string>();
        foreach (var role in roles) users.AddRange(await UsersInRole(ctx.Db, role, ctx.Instance.HandlingUnitId).ToListAsync());
        users = users.Distinct().Where(u => u != ctx.Actor.UserId).ToList();
        var seq = (ctx.Journal.LastOrDefault()?.Seq ?? 0) + 1;
        Add(ctx.Db, users, kind, title, ctx.Input.Comment, link, ctx.Instance.Id, $"{source}:{ctx.Instance.Id}:{seq}:{kind}", ctx.NowUtc);
        ctx.Notified.AddRange(users);
    }

    /// <summary>
    /// Adds notifications to the context (not saved): the caller saves them with its own changes. When mail is on, each
    /// recipient with an e-mail address also gets an outbox row in the same context (<see cref="MailOutbox"/>): the mail
    /// job sends it after the commit, never inside this transaction.
    /// </summary>
    public static void Add(GovernanceDbContext db, IEnumerable<string> userIds, string kind, string title, string? body,
        string? link, long? instanceId, string dedupPrefix, DateTime nowUtc)
    {
        var users = userIds.Distinct().ToList();
        var mailTo = MailOutbox.Recipients(db, users);
        foreach (var userId in users)
        {
            var notification = new Notification
            {
                UserId = userId, Kind = kind, Title = title, Body = body, Link = link, InstanceId = instanceId,
                CreatedAtUtc = nowUtc, DedupKey = $"{dedupPrefix}:{userId}",
            };
            db.Notifications.Add(notification);
            if (mailTo.TryGetValue(userId, out var address)) MailOutbox.Queue(db, notification, address, nowUtc);
        }
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAtUtc == null, ct);
    }

    public async Task<(IReadOnlyList<Notification> Items, int Total)> ListAsync(string userId, bool unreadOnly, int skip, int take,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unreadOnly) q = q.Where(n => n.ReadAtUtc == null);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Marks one (or, with null, all) of the user's notifications read. Another user's id changes nothing.</summary>
    public async Task MarkReadAsync(string userId, long? notificationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var q = db.Notifications.Where(n => n.UserId == userId && n.ReadAtUtc == null);
        if (notificationId is { } id) q = q.Where(n => n.Id == id);
        await q.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        feed.PublishNotifications([userId]);
    }
}
