namespace Governance.Data.Entities;

/// <summary>A day that differs from the Monday–Friday rule: a holiday or a 调休 make-up working day.</summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; set; }
    /// <summary>true: a make-up working day (调休上班); false: a holiday.</summary>
    public bool IsWorkday { get; set; }
    public required string Name { get; set; }
}

/// <summary>A year whose official schedule has been entered: deadlines crossing other years use weekends alone.</summary>
public sealed class CalendarYear
{
    public int Year { get; set; }
    public string? Source { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
