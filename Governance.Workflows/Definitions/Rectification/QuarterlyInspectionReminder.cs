using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>
/// 第20条(一) "每季度对各部门网站信息内容和安全管理进行一次全面检测检查并通报": W4's recurring job (daily, declared by
/// <see cref="RectificationModule.Jobs"/> and run by the host's module job runner) that, in each
/// quarter (China dates), reminds the Monitors and the AccountabilityOfficers once to carry out the quarter's inspection —
/// open its campaign, import the findings, issue the circular — and names the previous quarter's campaign whose circular
/// is still missing. Once per quarter and user whatever how often it runs or retries: the notification's DedupKey is
/// "inspection:{year}Q{quarter}:{user}" (UNIQUE), so a second run adds nothing; a day the server was down is caught up
/// by the next run within the quarter.
/// </summary>
public sealed class QuarterlyInspectionReminder(IDbContextFactory<GovernanceDbContext> dbFactory, ChangeFeed feed, TimeProvider time)
{
    public const string JobId = "quarterly-inspection-reminder";
    /// <summary>Daily at 09:05 China time (01:05 UTC; Hangfire's crons are UTC): the first run of a quarter is its first morning.</summary>
    public const string Cron = "5 1 * * *";
    /// <summary>The configuration key that may set another schedule.</summary>
    public const string CronConfigKey = "Hangfire:InspectionReminderCron";
    public const string Link = "/findings/campaigns";

    public static string DedupPrefix(int year, int quarter) => string.Create(CultureInfo.InvariantCulture, $"inspection:{year}Q{quarter}");

    /// <summary>Sends what is due; returns how many notifications it added (0 when this quarter's were sent already).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var (year, quarter) = (today.Year, ReportPeriod.QuarterOf(today));
        var prefix = DedupPrefix(year, quarter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var users = await NotificationService.UsersInRole(db, Roles.Monitor, null)
            .Concat(NotificationService.UsersInRole(db, Roles.AccountabilityOfficer, null)).Distinct().ToListAsync(ct);
        var keys = users.Select(u => $"{prefix}:{u}").ToList();
        var sent = (await db.Notifications.Where(n => keys.Contains(n.DedupKey)).Select(n => n.UserId).ToListAsync(ct)).ToHashSet();
        var due = users.Where(u => !sent.Contains(u)).ToList();
        if (due.Count == 0) return 0;

        var (prevYear, prevQuarter) = quarter == 1 ? (year - 1, 4) : (year, quarter - 1);
        var pending = await db.InspectionCampaigns.AsNoTracking()
            .Where(c => c.Kind == FindingSources.Quarterly && c.Year == prevYear && c.Quarter == prevQuarter && !db.Circulars.Any(x => x.CampaignId == c.Id))
            .Select(c => c.Name).ToListAsync(ct);
        var period = ReportPeriod.Quarter(year, quarter);
        var body = $"依据《扶风县政府网站管理办法》第二十条（一），每季度对各部门网站信息内容和安全管理进行一次全面检测检查并通报。"
                   + $"请于本季度（{period.Text}）建立“{year}年第{quarter}季度政府网站检查”批次，组织检测检查、下发问题并印发通报。"
                   + (pending.Count > 0 ? $"上季度检查批次“{string.Join("”“", pending)}”尚未生成通报。" : "");
        NotificationService.Add(db, due, "reminder", $"季度检查提醒：{year}年第{quarter}季度政府网站全面检测检查", body, Link, null, prefix, now);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node sent them first (UNIQUE DedupKey): nothing more to do.
            return 0;
        }
        feed.PublishNotifications(due);
        return due.Count;
    }
}
