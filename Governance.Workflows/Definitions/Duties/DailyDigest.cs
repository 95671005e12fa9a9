using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Duties;

/// <summary>
/// 每日待办提醒 (第19条(四) 值班读网, (五)): from 08:00 China time, each active user with work waiting in the 工作台 gets one
/// notification a day summarising it — how many items, how many overdue, the most urgent first. Idempotent (Hangfire,
/// hourly): the notification is keyed by the user and the China date.
/// </summary>
public sealed class DailyDigest(IDbContextFactory<GovernanceDbContext> dbFactory, Inbox inbox, ChangeFeed feed, TimeProvider time)
{
    public static readonly TimeSpan From = TimeSpan.FromHours(8);

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var china = now.ToOffset(ChinaTime.Offset);
        if (china.TimeOfDay < From) return 0;
        var date = DateOnly.FromDateTime(china.DateTime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await (from u in db.Users.AsNoTracking()
                           where !u.IsDisabled
                           join un in db.Units on u.UnitId equals un.Id
                           select new { u.Id, u.DisplayName, u.UnitId, Unit = un.Name }).ToListAsync(ct);
        var roleRows = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesOf = roleRows.GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).ToHashSet());
        var sent = new List<string>();
        foreach (var u in users)
        {
            if (!rolesOf.TryGetValue(u.Id, out var roles) || roles.Count == 0) continue;
            var prefix = $"digest:{date:yyyyMMdd}";
            var key = $"{prefix}:{u.Id}";
            if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct)) continue;
            var items = await inbox.ForAsync(new Actor(u.Id, u.DisplayName, u.UnitId, u.Unit, roles), ct);
            if (items.Count == 0) continue;
            var overdue = items.Count(i => i.IsOverdue);
            var top = string.Join("；", items.Take(5).Select(i => $"{i.DefinitionName}「{i.Title}」{(i.IsOverdue ? "（已超期）" : "")}"));
            var title = overdue > 0 ? $"每日待办：{items.Count} 项待办，其中 {overdue} 项已超期" : $"每日待办：{items.Count} 项待办";
            NotificationService.Add(db, [u.Id], "digest", title, top + (items.Count > 5 ? " 等" : ""), "/", null, prefix, now.UtcDateTime);
            sent.Add(u.Id);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent run sent some first (UNIQUE DedupKey): the next run fills in anyone left.
            return 0;
        }
        feed.PublishNotifications(sent);
        return sent.Count;
    }
}
