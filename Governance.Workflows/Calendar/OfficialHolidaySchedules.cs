namespace Governance.Workflows.Calendar;

/// <summary>
/// The State Council's published holiday schedules (国务院办公厅关于部分节假日安排的通知), seeded in code.
/// Add a year here (and to <see cref="KnownYears"/>) when the next notice is published, usually in
/// October–November of the previous year.
/// </summary>
public static class OfficialHolidaySchedules
{
    /// <summary>2025: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）.</summary>
    public static IReadOnlyList<CalendarDayEntry> Year2025 { get; } = Build(
    [
        .. Holiday(new(2025, 1, 1), new(2025, 1, 1), "元旦"),

        .. MakeUp(new(2025, 1, 26), "春节调休上班"),        // Sunday
        .. Holiday(new(2025, 1, 28), new(2025, 2, 4), "春节"),
        .. MakeUp(new(2025, 2, 8), "春节调休上班"),         // Saturday

        .. Holiday(new(2025, 4, 4), new(2025, 4, 6), "清明节"),

        .. MakeUp(new(2025, 4, 27), "劳动节调休上班"),      // Sunday
        .. Holiday(new(2025, 5, 1), new(2025, 5, 5), "劳动节"),

        .. Holiday(new(2025, 5, 31), new(2025, 6, 2), "端午节"),

        .. MakeUp(new(2025, 9, 28), "国庆节、中秋节调休上班"), // Sunday
        .. Holiday(new(2025, 10, 1), new(2025, 10, 8), "国庆节、中秋节"),
        .. MakeUp(new(2025, 10, 11), "国庆节、中秋节调休上班"), // Saturday
    ]);

    /// <summary>2026: 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）.</summary>
    public static IReadOnlyList<CalendarDayEntry> Year2026 { get; } = Build(
    [
        .. Holiday(new(2026, 1, 1), new(2026, 1, 3), "元旦"),
        .. MakeUp(new(2026, 1, 4), "元旦调休上班"),         // Sunday

        .. MakeUp(new(2026, 2, 14), "春节调休上班"),        // Saturday
        .. Holiday(new(2026, 2, 15), new(2026, 2, 23), "春节"),
        .. MakeUp(new(2026, 2, 28), "春节调休上班"),        // Saturday

        .. Holiday(new(2026, 4, 4), new(2026, 4, 6), "清明节"),

        .. Holiday(new(2026, 5, 1), new(2026, 5, 5), "劳动节"),
        .. MakeUp(new(2026, 5, 9), "劳动节调休上班"),       // Saturday

        .. Holiday(new(2026, 6, 19), new(2026, 6, 21), "端午节"),

        .. MakeUp(new(2026, 9, 20), "国庆节调休上班"),      // Sunday
        .. Holiday(new(2026, 9, 25), new(2026, 9, 27), "中秋节"),
        .. Holiday(new(2026, 10, 1), new(2026, 10, 7), "国庆节"),
        .. MakeUp(new(2026, 10, 10), "国庆节调休上班"),     // Saturday
    ]);

    /// <summary>Years with a published schedule.</summary>
    public static IReadOnlySet<int> KnownYears { get; } = new HashSet<int> { 2025, 2026 };

    /// <summary>All seeded entries (2025 and 2026), in date order.</summary>
    public static IReadOnlyList<CalendarDayEntry> All { get; } = Build([.. Year2025, .. Year2026]);

    private static IReadOnlyList<CalendarDayEntry> Build(List<CalendarDayEntry> entries)
        => entries.OrderBy(e => e.Date).ToArray().AsReadOnly();

    private static IEnumerable<CalendarDayEntry> Holiday(DateOnly first, DateOnly last, string name)
    {
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            yield return new CalendarDayEntry(d, CalendarDayKind.Holiday, name);
        }
    }

    private static IEnumerable<CalendarDayEntry> MakeUp(DateOnly date, string name)
    {
        yield return new CalendarDayEntry(date, CalendarDayKind.MakeUpWorkday, name);
    }
}
