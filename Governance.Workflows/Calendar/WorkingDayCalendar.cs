using System.Collections.Frozen;

namespace Governance.Workflows.Calendar;

/// <summary>
/// Immutable working-day calendar (第12条): a working day is Monday–Friday, minus the State Council's
/// holidays, plus its 调休 make-up working days (which may fall on Saturday or Sunday).
/// </summary>
/// <remarks>
/// Years without a published schedule ("unknown" years) are computed on weekends alone; callers can
/// tell from <see cref="IsYearKnown"/> and <see cref="DueResult.CalendarKnown"/>.
/// All dates are China dates; China Standard Time is a fixed UTC+08:00 (no DST), so no time-zone
/// database is consulted. Instances are thread-safe.
/// </remarks>
public sealed class WorkingDayCalendar
{
    /// <summary>China Standard Time, a fixed offset.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private static readonly TimeOnly EndOfDay = new(23, 59, 59);

    private static readonly Lazy<WorkingDayCalendar> OfficialInstance =
        new(() => new WorkingDayCalendar(OfficialHolidaySchedules.All, OfficialHolidaySchedules.KnownYears));

    // Keyed by DateOnly.DayNumber: int hashing, no allocations per lookup.
    private readonly FrozenDictionary<int, CalendarDayEntry> _entries;
    private readonly FrozenSet<int> _knownYears;

    /// <summary>Creates a calendar snapshot.</summary>
    /// <param name="entries">Holidays and make-up working days. A date may appear more than once only with the same kind.</param>
    /// <param name="knownYears">Years whose schedule has been published (entries may be empty for such a year).</param>
    /// <exception cref="ArgumentException">The same date is listed both as a holiday and as a make-up working day, or an entry has no name.</exception>
    public WorkingDayCalendar(IEnumerable<CalendarDayEntry> entries, IEnumerable<int> knownYears)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(knownYears);

        var map = new Dictionary<int, CalendarDayEntry>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new ArgumentException($"Calendar entry for {entry.Date:yyyy-MM-dd} has no name.", nameof(entries));
            }

            if (map.TryGetValue(entry.Date.DayNumber, out var existing))
            {
                if (existing.Kind != entry.Kind)
                {
                    throw new ArgumentException(
                        $"{entry.Date:yyyy-MM-dd} is listed both as {existing.Kind} ({existing.Name}) and as {entry.Kind} ({entry.Name}).",
                        nameof(entries));
                }

                continue; // duplicate of the same kind: keep the first name
            }

            map.Add(entry.Date.DayNumber, entry);
        }

        _entries = map.ToFrozenDictionary();
        _knownYears = knownYears.ToFrozenSet();
    }

    /// <summary>The calendar seeded from <see cref="OfficialHolidaySchedules"/> (2025 and 2026).</summary>
    public static WorkingDayCalendar Official => OfficialInstance.Value;

    /// <summary>Years with a published schedule, ascending.</summary>
    public IReadOnlyList<int> KnownYears => _knownYears.Order().ToArray();

    /// <summary>All holiday / make-up entries, in date order.</summary>
    public IReadOnlyList<CalendarDayEntry> Entries => _entries.Values.OrderBy(e => e.Date).ToArray();

    /// <summary>True when <paramref name="year"/> has a published schedule.</summary>
    public bool IsYearKnown(int year) => _knownYears.Contains(year);

    /// <summary>True when <paramref name="date"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (_entries.TryGetValue(date.DayNumber, out var entry))
        {
            return entry.Kind == CalendarDayKind.MakeUpWorkday;
        }

        var dow = date.DayOfWeek;
        return dow is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The holiday or make-up entry for <paramref name="date"/>, if any (e.g. to show "春节").</summary>
    public bool TryGetEntry(DateOnly date, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CalendarDayEntry? entry)
        => _entries.TryGetValue(date.DayNumber, out entry);

    /// <summary>
    /// "N working days from D": D itself is not counted (民法典 第201条); the result is the N-th working
    /// day after <paramref name="from"/>. <paramref name="workingDays"/> = 0 returns <paramref name="from"/> unchanged
    /// (even if it is not a working day).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    public DateOnly AddWorkingDays(DateOnly from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);

        var day = from;
        var remaining = workingDays;
        while (remaining > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return day;
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => AddWorkingDays(date, 1);

    /// <summary>
    /// The last working day strictly before <paramref name="date"/> (e.g. "remind one working day
    /// before the deadline").
    /// </summary>
    public DateOnly PreviousWorkingDay(DateOnly date)
    {
        var day = date.AddDays(-1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>
    /// Number of working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>]:
    /// the inverse of <see cref="AddWorkingDays"/>, so <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>.
    /// Equal dates give 0; when <paramref name="toInclusive"/> is earlier the result is the negated count
    /// of the reversed interval.
    /// </summary>
    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        if (toInclusive < fromExclusive)
        {
            return -WorkingDaysBetween(toInclusive, fromExclusive);
        }

        var count = 0;
        for (var dayNumber = fromExclusive.DayNumber + 1; dayNumber <= toInclusive.DayNumber; dayNumber++)
        {
            if (IsWorkingDay(DateOnly.FromDayNumber(dayNumber)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The deadline <paramref name="workingDays"/> working days from <paramref name="from"/>: the due date
    /// (see <see cref="AddWorkingDays"/>) ending at 23:59:59 China Standard Time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    public DueResult DueAt(DateOnly from, int workingDays)
    {
        var dueDate = AddWorkingDays(from, workingDays);
        var dueAt = new DateTimeOffset(dueDate.ToDateTime(EndOfDay, DateTimeKind.Unspecified), ChinaOffset);

        var known = true;
        for (var year = from.Year; year <= dueDate.Year; year++)
        {
            if (!IsYearKnown(year))
            {
                known = false;
                break;
            }
        }

        return new DueResult(dueDate, dueAt, dueAt.UtcDateTime, known);
    }

    /// <summary>
    /// Convenience: the deadline <paramref name="workingDays"/> working days from the China date of the
    /// instant <paramref name="startUtc"/> (e.g. when an item was received).
    /// </summary>
    /// <param name="startUtc">A UTC instant; <see cref="DateTimeKind.Unspecified"/> is taken as UTC, <see cref="DateTimeKind.Local"/> is converted.</param>
    /// <param name="workingDays">Number of working days (0 or more).</param>
    public DateTimeOffset DueAfter(DateTime startUtc, int workingDays)
        => DueAt(ToChinaDate(startUtc), workingDays).DueAt;

    /// <summary>Today's date in China according to <paramref name="timeProvider"/>.</summary>
    public static DateOnly ChinaToday(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ToChinaDate(timeProvider.GetUtcNow());
    }

    /// <summary>The China (UTC+08:00) calendar date of a UTC instant.</summary>
    /// <param name="utc">A UTC instant; <see cref="DateTimeKind.Unspecified"/> is taken as UTC, <see cref="DateTimeKind.Local"/> is converted.</param>
    public static DateOnly ToChinaDate(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            utc = utc.ToUniversalTime();
        }

        return DateOnly.FromDateTime(utc.Add(ChinaOffset));
    }

    /// <summary>The China (UTC+08:00) calendar date of an instant.</summary>
    public static DateOnly ToChinaDate(DateTimeOffset instant)
        => DateOnly.FromDateTime(instant.UtcDateTime.Add(ChinaOffset));
}
