namespace Governance.Data.Entities;

/// <summary>
/// "The day figures of <see cref="Family"/> for China day <see cref="Day"/> are built": the rows of that family and day
/// hold every settled item of the day, and the runtime rebuilds them whenever another item of the day settles. A day
/// without this marker is read from the raw rows (docs/ARCHITECTURE.md, "Day figures").
/// </summary>
public sealed class FigureDay
{
    public required string Family { get; set; }
    public DateOnly Day { get; set; }
    public DateTime BuiltAtUtc { get; set; }
}

/// <summary>
/// "Every day of <see cref="Family"/> from <see cref="FromDay"/> through <see cref="ThroughDay"/> is built" (has its
/// <see cref="FigureDay"/> marker), set by the day-figures job once it has built them all: a reader lists only the markers
/// after <see cref="ThroughDay"/> and counts the days before <see cref="FromDay"/> raw, instead of reading a marker per day of
/// the years. Dropped with the family's markers (DayFigures.ForgetAsync).
/// </summary>
public sealed class FigureWatermark
{
    public required string Family { get; set; }
    public DateOnly FromDay { get; set; }
    public DateOnly ThroughDay { get; set; }
}

/// <summary>
/// The figures of settled messages (replied or marked invalid) by the unit they count for (the unit that replied, else the
/// one handling them; 0 = 未分办): those of MessageStatistics, with the sums and counts behind its working-day averages so
/// that an average over many days is exact.
/// </summary>
public abstract class MessageFigures
{
    public int UnitId { get; set; }
    public int Received { get; set; }
    public int Assigned { get; set; }
    public int Replied { get; set; }
    public int RepliedOnTime { get; set; }
    public int RepliedLate { get; set; }
    public int Extended { get; set; }
    public int Invalid { get; set; }
    /// <summary>Distinct messages that this unit returned (the returning unit, not the one they count for).</summary>
    public int Returned { get; set; }
    public long DaysFromAssignmentSum { get; set; }
    public int DaysFromAssignmentCount { get; set; }
    public long DaysFromReceiptSum { get; set; }
    public int DaysFromReceiptCount { get; set; }
}

/// <summary>The settled messages received on one China day, by unit.</summary>
public sealed class MessageDayFigure : MessageFigures
{
    public DateOnly Day { get; set; }
}

/// <summary>
/// The sum of a China month's <see cref="MessageDayFigure"/> rows (its built days), by unit, kept with each day built: a
/// period of many months reads a row per month and unit, and day rows only for its partial months.
/// </summary>
public sealed class MessageMonthFigure : MessageFigures
{
    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }
}

/// <summary>Replies by the unit that replied (0 = none recorded).</summary>
public abstract class ReplyFigures
{
    public int UnitId { get; set; }
    public int Replied { get; set; }
    public int OnTime { get; set; }
    public int Late { get; set; }
}

/// <summary>The replies that went out on one China day, by the unit that replied.</summary>
public sealed class ReplyDayFigure : ReplyFigures
{
    public DateOnly Day { get; set; }
}

/// <summary>The sum of a China month's <see cref="ReplyDayFigure"/> rows (its built days), by unit, kept with each day built.</summary>
public sealed class ReplyMonthFigure : ReplyFigures
{
    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }
}

/// <summary>
/// Settled findings (已销号 or cancelled) by the unit they were issued to (0 = none): cancelled ones count nowhere, as on the
/// dashboard.
/// </summary>
public abstract class FindingFigures
{
    public int UnitId { get; set; }
    public int Raised { get; set; }
    public int Closed { get; set; }
    public int ClosedOnTime { get; set; }
    public int Repeats { get; set; }
}

/// <summary>The settled findings found on one China day, by unit.</summary>
public sealed class FindingDayFigure : FindingFigures
{
    public DateOnly Day { get; set; }
}

/// <summary>The sum of a China month's <see cref="FindingDayFigure"/> rows (its built days), by unit, kept with each day built.</summary>
public sealed class FindingMonthFigure : FindingFigures
{
    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }
}

/// <summary>The findings closed (已销号) on one China day, by the unit they were issued to (0 = none).</summary>
public sealed class FindingClosedDayFigure
{
    public DateOnly Day { get; set; }
    public int UnitId { get; set; }
    public int Closed { get; set; }
}

/// <summary>The sum of a China month's <see cref="FindingClosedDayFigure"/> rows (its built days), by unit, kept with each day built.</summary>
public sealed class FindingClosedMonthFigure
{
    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }
    public int UnitId { get; set; }
    public int Closed { get; set; }
}

/// <summary>
/// Per unit, the sum of <see cref="ReplyDayFigure"/> rows over every built day, kept with each day built: the all-time reply
/// figures read one row per unit instead of a row per day.
/// </summary>
public sealed class ReplyUnitTotal
{
    public int UnitId { get; set; }
    public int Replied { get; set; }
    public int OnTime { get; set; }
    public int Late { get; set; }
}

/// <summary>Per unit, the sum of <see cref="FindingDayFigure"/> rows over every built day, kept with each day built.</summary>
public sealed class FindingUnitTotal
{
    public int UnitId { get; set; }
    public int Raised { get; set; }
    public int Closed { get; set; }
    public int ClosedOnTime { get; set; }
    public int Repeats { get; set; }
}
