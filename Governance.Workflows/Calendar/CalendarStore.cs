using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Calendar;

/// <summary>
/// The working-day calendar as stored in the database (editable by Admin), cached as an immutable
/// <see cref="WorkingDayCalendar"/> snapshot that is rebuilt after every edit.
/// </summary>
public sealed class CalendarStore(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time)
{
    private volatile WorkingDayCalendar? _snapshot;

    public async Task<WorkingDayCalendar> GetAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } s) return s;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return _snapshot = await LoadAsync(db, ct);
    }

    internal static async Task<WorkingDayCalendar> LoadAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var days = await db.CalendarDays.AsNoTracking().ToListAsync(ct);
        var years = await db.CalendarYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        return new WorkingDayCalendar(
            days.Select(d => new CalendarDayEntry(d.Date, d.IsWorkday ? CalendarDayKind.MakeUpWorkday : CalendarDayKind.Holiday, d.Name)),
            years);
    }

    public void Invalidate() => _snapshot = null;

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

    /// <summary>Adds or changes one day (Admin). <paramref name="kind"/> null removes the exception (a normal day again).</summary>
    public async Task SetDayAsync(DateOnly date, CalendarDayKind? kind, string? name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
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
        await db.SaveChangesAsync(ct);
        Invalidate();
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
            db.CalendarYears.Add(new CalendarYear { Year = group.Key, Source = "国务院办公厅通知", UpdatedAtUtc = nowUtc });
            foreach (var d in group)
                db.CalendarDays.Add(new CalendarDay { Date = d.Date, IsWorkday = d.Kind == CalendarDayKind.MakeUpWorkday, Name = d.Name });
        }
        await db.SaveChangesAsync(ct);
    }
}
