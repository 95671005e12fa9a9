using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Registers;

/// <summary>What one sweep did.</summary>
public sealed record ColumnSweepReport(int Warned, int Lapsed, int Returned, int FindingsOpened);

/// <summary>More daily work on the register that a workflow contributes (W1: a special column past its end date).</summary>
public interface IColumnSweepStep
{
    Task RunAsync(DateTime nowUtc, CancellationToken ct);
}

/// <summary>
/// The daily column-staleness sweep (Hangfire, 00:05 China time; 第13条): moves every watched column between 正常, 预警,
/// 超期 and 空白 as its window says (<see cref="Staleness"/>). Entering 预警 notifies A岗 and B岗 (their accounts, else the
/// unit's Editors) once; entering 超期 or 空白 is a lapse — LapseCount goes up by one and one W4 finding is opened for it,
/// keyed "column:{id}:lapse:{n}". Each column moves in its own transaction that reads it again (SQLite BEGIN IMMEDIATE:
/// a second sweep waits, then finds nothing to do), so repeated, retried and concurrent sweeps end in the same state;
/// the findings pass opens whatever lapse has no finding yet, so a crash between the two steps is repaired by the next run.
/// Suspended and closed columns, 互动交流 and 栏目导航 are not watched.
/// </summary>
public sealed partial class ColumnStalenessSweep(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    SettingsService settings,
    ChangeFeed feed,
    TimeProvider time,
    FindingService findings,
    IEnumerable<IColumnSweepStep> steps,
    ILogger<ColumnStalenessSweep> logger)
{
    public const string SystemSource = "column-sweep";

    /// <summary>The SQL comment on the sweep's first read (the columns it watches), for diagnostics and the race tests.</summary>
    public const string WatchedQueryTag = "column-sweep: watched columns";

    /// <summary>The sweep as it appears in journals, audit entries and findings: 系统（栏目巡检）.</summary>
    public static Actor SystemActor { get; } = Actor.System(SystemSource, "栏目巡检");

    /// <summary>Where a notification about a column leads: the register, showing that column.</summary>
    public static string Link(int columnId) => "/columns?column=" + columnId.ToString(CultureInfo.InvariantCulture);

    public async Task<ColumnSweepReport> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var policy = await StalenessPolicy.LoadAsync(settings, ct);
        List<(int Id, ColumnStatus Status)> moves;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Index (IsActive, Status).
            var watched = await db.Columns.AsNoTracking().TagWith(WatchedQueryTag).Where(c => c.IsActive && !c.IsSuspended)
                .Select(c => new { c.Id, c.Category, c.CommittedCadenceDays, c.CreatedAtUtc, c.LastUpdatedAtUtc, c.Status })
                .ToListAsync(ct);
            moves = watched.Where(c => ColumnCategories.IsWatched(c.Category))
                .Select(c => (c.Id, Staleness.Evaluate(policy, c.Category, c.CommittedCadenceDays, true, c.CreatedAtUtc, c.LastUpdatedAtUtc, today).Status, c.Status))
                .Where(x => x.Item2 != x.Item3).Select(x => (x.Id, x.Item2)).ToList();
        }
        int warned = 0, lapsed = 0, returned = 0;
        var notified = new List<string>();
        foreach (var (id, _) in moves)
        {
            switch (await MoveAsync(id, now, today, policy, notified, ct))
            {
                case ColumnStatus.Warning: warned++; break;
                case ColumnStatus.Overdue or ColumnStatus.Blank: lapsed++; break;
                case ColumnStatus.Normal: returned++; break;
            }
        }
        feed.PublishNotifications(notified);
        var opened = await OpenLapseFindingsAsync(now, policy, ct);
        foreach (var step in steps) await step.RunAsync(now, ct);
        if (warned + lapsed + returned + opened > 0)
            logger.LogInformation("Column sweep: {Warned} warned, {Lapsed} lapsed, {Returned} back to normal, {Opened} findings opened",
                warned, lapsed, returned, opened);
        return new ColumnSweepReport(warned, lapsed, returned, opened);
    }

    /// <summary>
    /// Moves one column to the status its window gives now, read again inside the transaction. Returns the status it
    /// entered, or null when there was nothing to do (another sweep, an update or an edit got there first).
    /// </summary>
    private async Task<ColumnStatus?> MoveAsync(int id, DateTime now, DateOnly today, StalenessPolicy policy, List<string> notified,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var column = await db.Columns.Include(c => c.Unit).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (column is null || !column.IsActive || column.IsSuspended) return null;
        var standing = Staleness.Evaluate(policy, column, today);
        if (!standing.Watched || standing.Status == column.Status) return null;
        var from = column.Status;
        var users = new List<string>();
        if (Staleness.IsLapse(standing.Status) && !Staleness.IsLapse(from))
            column.LapseCount++; // a new lapse: its finding is keyed by this number
        if (standing.Status == ColumnStatus.Warning)
        {
            users = await WarningRecipientsAsync(db, column, ct);
            NotificationService.Add(db, users, "warning",
                $"栏目更新预警：“{column.Path}”已 {standing.DaysSince} 天未更新，请于 {standing.DueDate:yyyy-MM-dd} 前更新",
                $"{column.Unit!.Name} · 更新周期 {standing.WindowDays} 天（第13条：在规定时间内未更新的，确定为不合格）", Link(column.Id), null,
                $"column:{column.Id}:warning:{now.Ticks.ToString(CultureInfo.InvariantCulture)}", now);
        }
        column.Status = standing.Status;
        column.StatusChangedAtUtc = now;
        column.Version++;
        var lapse = Staleness.IsLapse(standing.Status) ? $"，第 {column.LapseCount} 次" : "";
        await AuditLog.AppendAsync(db, SystemActor.UserId, SystemActor.Name, "column.status",
            $"栏目 {column.Id}“{column.Path}”（{column.Unit!.Name}）：{Staleness.StatusName(from)} → {Staleness.StatusName(standing.Status)}"
            + $"（{standing.DaysSince} 天未更新，更新周期 {standing.WindowDays} 天{lapse}）", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        notified.AddRange(users);
        return standing.Status;
    }

    /// <summary>A岗 and B岗 by their accounts (enabled ones); when neither has one, the unit's Editors.</summary>
    private static async Task<List<string>> WarningRecipientsAsync(GovernanceDbContext db, Column column, CancellationToken ct)
    {
        var accounts = new[] { column.StaffAUserId, column.StaffBUserId }.OfType<string>().ToList();
        var users = await db.Users.Where(u => accounts.Contains(u.Id) && !u.IsDisabled && u.UnitId == column.UnitId).Select(u => u.Id).ToListAsync(ct);
        if (users.Count == 0) users = await NotificationService.UsersInRole(db, Roles.Editor, column.UnitId).ToListAsync(ct);
        return users;
    }
}
