namespace Governance.Workflows.Calendar;

/// <summary>What a calendar entry changes about an otherwise ordinary day.</summary>
public enum CalendarDayKind
{
    /// <summary>A statutory holiday (放假): not a working day, even if it falls Monday–Friday.</summary>
    Holiday,

    /// <summary>A 调休 make-up working day (调休上班): a working day, even if it falls on Saturday or Sunday.</summary>
    MakeUpWorkday,
}

/// <summary>One day of a published State Council holiday schedule.</summary>
/// <param name="Date">The calendar date (China date).</param>
/// <param name="Kind">Holiday or make-up working day.</param>
/// <param name="Name">Display name, e.g. "春节" or "春节调休上班".</param>
public sealed record CalendarDayEntry(DateOnly Date, CalendarDayKind Kind, string Name);
