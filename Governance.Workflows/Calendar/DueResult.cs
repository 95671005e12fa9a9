namespace Governance.Workflows.Calendar;

/// <summary>The deadline computed by <see cref="WorkingDayCalendar.DueAt(DateOnly, int)"/>.</summary>
/// <param name="DueDate">The last day of the period (China date).</param>
/// <param name="DueAt">End of <paramref name="DueDate"/>, 23:59:59 China Standard Time (+08:00).</param>
/// <param name="DueAtUtc">The same instant as a UTC <see cref="DateTime"/> (<see cref="DateTimeKind.Utc"/>).</param>
/// <param name="CalendarKnown">
/// True when every year from the start date's year to the due date's year has a published schedule;
/// false means at least one year was computed on weekends alone and the deadline may move once the
/// State Council publishes that year's schedule.
/// </param>
public sealed record DueResult(DateOnly DueDate, DateTimeOffset DueAt, DateTime DueAtUtc, bool CalendarKnown);
