using System.Globalization;

namespace Governance.Workflows.Calendar;

/// <summary>The contents of a parsed calendar file.</summary>
public sealed record CalendarFileContent(IReadOnlyList<CalendarDayEntry> Entries, IReadOnlySet<int> KnownYears)
{
    /// <summary>Builds a calendar from this content only.</summary>
    public WorkingDayCalendar ToCalendar() => new(Entries, KnownYears);

    /// <summary>Builds a calendar from the official seeded schedules plus this content (later years, corrections must not conflict).</summary>
    public WorkingDayCalendar ToCalendarWithOfficial()
        => new([.. OfficialHolidaySchedules.All, .. Entries], [.. OfficialHolidaySchedules.KnownYears, .. KnownYears]);
}

/// <summary>
/// Parser for a plain-text calendar file, so a newly published schedule can be loaded without a release.
/// </summary>
/// <remarks>
/// One item per line; blank lines and text after <c>#</c> are ignored:
/// <code>
/// year 2027                          # the 2027 schedule is published (required before its entries)
/// 2027-01-01 休 元旦                  # a single holiday
/// 2027-02-06..2027-02-12 休 春节      # an inclusive range
/// 2027-02-14 班 春节调休上班          # a make-up working day
/// </code>
/// Kind words: <c>休</c>/<c>holiday</c>/<c>off</c> and <c>班</c>/<c>workday</c>/<c>makeup</c>. The name is the rest of the line.
/// </remarks>
public static class CalendarFile
{
    private const int MaxRangeDays = 31;

    /// <summary>Parses calendar-file text.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the line number.</exception>
    public static CalendarFileContent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var entries = new List<CalendarDayEntry>();
        var years = new HashSet<int>();
        var lineNumber = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } rawLine)
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#');
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts[0].Equals("year", StringComparison.OrdinalIgnoreCase))
            {
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                    || year is < 1 or > 9999)
                {
                    throw Error(lineNumber, "expected 'year <yyyy>'");
                }

                years.Add(year);
                continue;
            }

            if (parts.Length != 3)
            {
                throw Error(lineNumber, "expected '<date>[..<date>] <休|班> <name>'");
            }

            var (first, last) = ParseRange(parts[0], lineNumber);
            var kind = ParseKind(parts[1], lineNumber);
            var name = parts[2];

            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (!years.Contains(d.Year))
                {
                    throw Error(lineNumber, $"year {d.Year} is not declared; add 'year {d.Year}' first");
                }

                entries.Add(new CalendarDayEntry(d, kind, name));
            }
        }

        // Validate conflicts now, with a readable message, rather than when the calendar is built.
        try
        {
            _ = new WorkingDayCalendar(entries, years);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Calendar file: {ex.Message}", ex);
        }

        return new CalendarFileContent(entries.OrderBy(e => e.Date).ToArray(), years);
    }

    private static (DateOnly First, DateOnly Last) ParseRange(string token, int lineNumber)
    {
        var separator = token.IndexOf("..", StringComparison.Ordinal);
        var first = ParseDate(separator >= 0 ? token[..separator] : token, lineNumber);
        var last = separator >= 0 ? ParseDate(token[(separator + 2)..], lineNumber) : first;
        if (last < first || last.DayNumber - first.DayNumber >= MaxRangeDays)
        {
            throw Error(lineNumber, $"range '{token}' must run forwards and span at most {MaxRangeDays} days");
        }

        return (first, last);
    }

    private static DateOnly ParseDate(string token, int lineNumber)
        => DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(lineNumber, $"'{token}' is not a yyyy-MM-dd date");

    private static CalendarDayKind ParseKind(string token, int lineNumber) => token.ToLowerInvariant() switch
    {
        "休" or "holiday" or "off" => CalendarDayKind.Holiday,
        "班" or "workday" or "makeup" => CalendarDayKind.MakeUpWorkday,
        _ => throw Error(lineNumber, $"'{token}' is not a kind (休/holiday or 班/workday)"),
    };

    private static FormatException Error(int lineNumber, string message)
        => new($"Calendar file line {lineNumber}: {message}.");
}
