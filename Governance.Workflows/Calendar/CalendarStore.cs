using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Calendar;

/// <summary>
/// The working-day calendar as stored in the database (editable by Admin), cached as an immutable
/// <see cref="WorkingDayCalendar"/> snapshot that is rebuilt after every edit — on every node (<see cref="IClusterEvents"/>).
/// </summary>
public sealed class CalendarStore
{
    public const string Topic = "calendar";

    private readonly IDbContextFactory<GovernanceDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly IClusterEvents events;
    private volatile WorkingDayCalendar? _snapshot;
    private long _generation;

    public CalendarStore(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, IClusterEvents events)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        this.events = events;
        events.Subscribe(Topic, _ =>
        {
            Interlocked.Increment(ref _generation);
            _snapshot = null;
        });
    }

    public async Task<WorkingDayCalendar> GetAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } s) return s;
        var generation = Interlocked.Read(ref _generation);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var calendar = await LoadAsync(db, ct);
        if (Interlocked.Read(ref _generation) == generation) _snapshot = calendar;
        return calendar;
    }

    internal static async Task<WorkingDayCalendar> LoadAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var days = await db.CalendarDays.AsNoTracking().ToListAsync(ct);
        var years = await db.CalendarYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        return new WorkingDayCalendar(
            days.Select(d => new CalendarDayEntry(d.Date, d.IsWorkday ? CalendarDayKind.MakeUpWorkday : CalendarDayKind.Holiday, d.Name)),
            years);
    }

    /// <summary>Drops the snapshot on every node. Call after the commit.</summary>
    public void Invalidate() => events.Publish(Topic, "edit");

    public async Task<IReadOnlyList<CalendarDay>> DaysOfYearAsync(int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<CalendarYear>> YearsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CalendarYears.AsNoTracking().OrderBy(y => y.Year).ToListAsync(ct);
    }

    /// <summary>
    /// Adds or changes one day (Admin only). <paramref name="kind"/> null removes the exception (a normal day again).
    /// Returns a Chinese error message, or null on success.
    /// </summary>
    public async Task<string?> SetDayAsync(Actor actor, DateOnly date, CalendarDayKind? kind, string? name, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以维护工作日历。";
        if (date.Year is < 2000 or > 2100) return "日期超出可维护范围（2000—2100 年）。";
        if (name?.Trim().Length > 50) return "名称不超过 50 字。";
        if (kind == CalendarDayKind.MakeUpWorkday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            return "调休上班日应为周六或周日。";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.CalendarDays.FindAsync([date], ct);
        if (kind is null)
        {
            if (row is not null) db.CalendarDays.Remove(row);
        }
        else
        {
            if (row is null) db.CalendarDays.Add(row = new CalendarDay { Date = date, Name = "" });
            row.IsWorkday = kind == CalendarDayKind.MakeUpWorkday;
            row.Name = string.IsNullOrWhiteSpace(name) ? (row.IsWorkday ? "调休上班" : "节假日") : name.Trim();
        }
        await MarkYearKnown(db, date.Year);
        var what = kind switch
        {
            CalendarDayKind.Holiday => $"设为节假日（{row!.Name}）",
            CalendarDayKind.MakeUpWorkday => $"设为调休上班（{row!.Name}）",
            _ => "恢复常规",
        };
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "calendar.set", $"{date:yyyy-MM-dd} {what}", time.GetUtcNow().UtcDateTime, ct);
        // The message figures' working-day averages were counted on the old calendar: read raw until the day-figures job
        // (started by the invalidation) builds them again.
        await Figures.DayFigures.ForgetAsync(db, Figures.DayFigures.Messages, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Invalidate();
        return null;
    }

    private async Task MarkYearKnown(GovernanceDbContext db, int year)
    {
        var y = await db.CalendarYears.FindAsync(year);
        if (y is null) db.CalendarYears.Add(y = new CalendarYear { Year = year, Source = "管理员录入" });
        y.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Seeds the official schedules (2025, 2026) for years not yet in the database. Idempotent.</summary>
    public static async Task SeedOfficialAsync(GovernanceDbContext db, DateTime nowUtc, CancellationToken ct = default)
    {
        foreach (var group in OfficialHolidaySchedules.All.GroupBy(d => d.Date.Year))
        {
            if (await db.CalendarYears.AnyAsync(y => y.Year == group.Key, ct)) continue;
            // A year's schedule changes the working days the message figures were built on: read raw until rebuilt.
            await Figures.DayFigures.ForgetAsync(db, Figures.DayFigures.Messages, ct);
            db.CalendarYears.Add(new CalendarYear { Year = group.Key, Source = "国务院办公厅通知", UpdatedAtUtc = nowUtc });
            foreach (var d in group)
                db.CalendarDays.Add(new CalendarDay { Date = d.Date, IsWorkday = d.Kind == CalendarDayKind.MakeUpWorkday, Name = d.Name });
        }
        await db.SaveChangesAsync(ct);
    }
}
