using System.Globalization;

namespace Governance.Workflows.Calendar;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving) for display and calendar arithmetic: instants are stored as UTC
/// <see cref="DateTime"/>; this is the one place that turns them into what a civil servant reads.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The wall-clock time in China of a UTC instant.</summary>
    public static DateTime FromUtc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified) + Offset;

    /// <summary>A China wall-clock time as a UTC instant.</summary>
    public static DateTime ToUtc(DateTime chinaWallClock) => DateTime.SpecifyKind(chinaWallClock - Offset, DateTimeKind.Utc);

    public static int Year(DateTime utc) => FromUtc(utc).Year;

    public static DateOnly Date(DateTime utc) => WorkingDayCalendar.ToChinaDate(utc);

    /// <summary>China dates <paramref name="from"/> to <paramref name="to"/>, both included, as the UTC interval [start, end).</summary>
    public static (DateTime FromUtc, DateTime ToUtc) Span(DateOnly from, DateOnly to) =>
        (ToUtc(from.ToDateTime(TimeOnly.MinValue)), ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    /// <summary>"2026-03-02 09:00" (minutes) in China time.</summary>
    public static string Format(DateTime utc, string format = "yyyy-MM-dd HH:mm") =>
        FromUtc(utc).ToString(format, CultureInfo.InvariantCulture);

    public static string Format(DateTime? utc, string format = "yyyy-MM-dd HH:mm", string missing = "—") =>
        utc is { } value ? Format(value, format) : missing;

    /// <summary>ISO 8601 with the +08:00 offset and every tick, for cursors that must resume exactly where they stopped.</summary>
    public static string IsoExact(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset)
        .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 with the +08:00 offset, for APIs.</summary>
    public static string Iso(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset)
        .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
