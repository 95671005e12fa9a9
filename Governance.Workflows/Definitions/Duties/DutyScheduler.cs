using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Duties;

/// <summary>
/// Creates the recurring duties of 县行政审批服务局 (Hangfire, hourly; idempotent): the month's 安全自查 from the first working
/// day of each month (第15条(一)), the year's 域名自查 from the first working day of January (第16条) and the year's 培训 from
/// the first working day of September (第19条(六)). A period's task is created once (UNIQUE PeriodKey) however often or
/// concurrently the job runs; one missed while the server was down is created when it comes back, within its period.
/// </summary>
public sealed class DutyScheduler(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, CalendarStore calendars,
    ChangeFeed feed, TimeProvider time)
{
    /// <summary>县行政审批服务局 主办 the portal and carries these duties (第4条, 第15条, 第19条(六)).</summary>
    public const string DutyUnitName = "县行政审批服务局";
    public const int TrainingMonth = 9;
    private static readonly Actor Scheduler = Actor.System("duty-scheduler", "定期任务");

    /// <summary>The duties due today and not yet created; returns how many were created.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        var calendar = await calendars.GetAsync(ct);
        DateOnly FirstWorkingDay(int year, int month)
        {
            var d = new DateOnly(year, month, 1);
            while (!calendar.IsWorkingDay(d)) d = d.AddDays(1);
            return d;
        }
        var due = new List<(string Kind, string Key, string Label, string Title)>();
        if (today >= FirstWorkingDay(today.Year, today.Month))
            due.Add((DutyWorkflow.Kinds.Security, $"security:{today:yyyy-MM}", $"{today.Year}年{today.Month}月", $"{today.Year}年{today.Month}月政府网站安全自查"));
        if (today >= FirstWorkingDay(today.Year, 1))
            due.Add((DutyWorkflow.Kinds.Domain, $"domain:{today.Year}", $"{today.Year}年度", $"{today.Year}年度政府网站域名安全自查"));
        if (today >= FirstWorkingDay(today.Year, TrainingMonth))
            due.Add((DutyWorkflow.Kinds.Training, $"training:{today.Year}", $"{today.Year}年度", $"{today.Year}年度政府网站管理人员培训"));
        var created = 0;
        foreach (var d in due)
            if (await EnsureAsync(d.Kind, d.Key, d.Label, d.Title, ct)) created++;
        return created;
    }

    private async Task<bool> EnsureAsync(string kind, string periodKey, string label, string title, CancellationToken ct)
    {
        int unit;
        List<string> reviewers;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.DutyTasks.AnyAsync(t => t.PeriodKey == periodKey, ct)) return false;
            unit = await db.Units.Where(u => u.Name == DutyUnitName).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (unit == 0) return false;
            reviewers = await NotificationService.UsersInRole(db, Roles.UnitReviewer, unit).ToListAsync(ct);
        }
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await runtime.StartAsync(DutyWorkflow.Key, Scheduler, unit, title, (db, i) =>
            {
                db.DutyTasks.Add(new DutyTask { InstanceId = i.Id, Kind = kind, PeriodKey = periodKey, PeriodLabel = label, CreatedAtUtc = now });
                NotificationService.Add(db, reviewers, "assigned", $"定期任务：{title}", null, DutyWorkflow.Definition.Link(i.Id), i.Id,
                    $"du:{i.Id}:created", now);
            }, ct, handlingUnitId: unit, startState: DutyWorkflow.StartState(kind));
        }
        catch (DbUpdateException)
        {
            // Another run created the period's task first (UNIQUE PeriodKey): nothing to do.
            return false;
        }
        feed.PublishNotifications(reviewers);
        return true;
    }
}
