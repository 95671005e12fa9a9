using System.Globalization;
using Governance.Workflows.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Workflows.Calendar;

/// <summary>
/// Expected values were worked out by hand against a real calendar (2025-01-01 is a Wednesday,
/// 2026-01-01 a Thursday; weekdays checked with <c>date -d</c>) and cross-checked with an independent
/// script. Comments give the weekday of the start and of the result.
/// </summary>
public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Cal = WorkingDayCalendar.Official;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- AddWorkingDays

    [Theory]
    // Required examples
    [InlineData("2026-02-13", 4, "2026-02-26")] // Fri -> 2/14 Sat 调休(1), 2/15–23 春节, 2/24(2) 2/25(3) 2/26(4)
    [InlineData("2026-09-30", 4, "2026-10-12")] // Wed -> 10/8(1) 10/9(2) 10/10 Sat 调休(3) 10/12 Mon(4)
    [InlineData("2026-04-30", 4, "2026-05-09")] // Thu -> 5/6 5/7 5/8, 5/9 Sat 调休 counts
    // 2026 元旦 (1/1–1/3 off, 1/4 Sun make-up)
    [InlineData("2025-12-31", 1, "2026-01-04")] // Wed -> make-up Sun
    [InlineData("2025-12-31", 3, "2026-01-06")] // Wed -> Tue
    [InlineData("2026-01-01", 1, "2026-01-04")] // from a holiday
    [InlineData("2026-01-04", 1, "2026-01-05")] // from a make-up Sunday
    [InlineData("2026-01-04", 5, "2026-01-09")] // make-up Sun -> Fri
    // 2026 春节 (2/14 Sat make-up, 2/15–2/23 off, 2/28 Sat make-up)
    [InlineData("2026-02-12", 1, "2026-02-13")] // Thu -> Fri
    [InlineData("2026-02-12", 2, "2026-02-14")] // Thu -> make-up Sat
    [InlineData("2026-02-12", 3, "2026-02-24")] // Thu -> Tue after the break
    [InlineData("2026-02-14", 1, "2026-02-24")] // from the make-up Sat
    [InlineData("2026-02-18", 1, "2026-02-24")] // from a holiday Wed
    [InlineData("2026-02-18", 5, "2026-02-28")] // holiday -> make-up Sat 2/28
    [InlineData("2026-02-23", 4, "2026-02-27")] // last holiday (Mon) -> Fri
    [InlineData("2026-02-23", 5, "2026-02-28")] // last holiday (Mon) -> make-up Sat
    [InlineData("2026-02-27", 1, "2026-02-28")] // Fri -> make-up Sat
    [InlineData("2026-02-27", 2, "2026-03-02")] // Fri -> Mon
    [InlineData("2026-02-13", 15, "2026-03-12")] // 15 working days across the whole break
    // 2026 清明节 (4/4–4/6 off)
    [InlineData("2026-04-03", 1, "2026-04-07")] // Fri before the holiday -> Tue
    [InlineData("2026-04-03", 3, "2026-04-09")] // Fri -> Thu
    [InlineData("2026-04-05", 1, "2026-04-07")] // from a holiday Sun
    // 2026 劳动节 (5/1–5/5 off, 5/9 Sat make-up)
    [InlineData("2026-04-30", 1, "2026-05-06")] // Thu -> Wed
    [InlineData("2026-04-30", 5, "2026-05-11")] // Thu -> Mon
    [InlineData("2026-05-03", 3, "2026-05-08")] // from a holiday -> Fri
    [InlineData("2026-05-08", 1, "2026-05-09")] // Fri -> make-up Sat
    [InlineData("2026-05-09", 1, "2026-05-11")] // from the make-up Sat -> Mon
    // 2026 端午节 (6/19–6/21 off)
    [InlineData("2026-06-18", 1, "2026-06-22")] // Thu before the holiday -> Mon
    [InlineData("2026-06-18", 2, "2026-06-23")] // Thu -> Tue
    [InlineData("2026-06-19", 1, "2026-06-22")] // from the holiday Fri
    // 2026 中秋节 + 国庆节 (9/20 Sun make-up, 9/25–9/27 off, 10/1–10/7 off, 10/10 Sat make-up)
    [InlineData("2026-09-18", 1, "2026-09-20")] // Fri -> make-up Sun (Sat 9/19 is off)
    [InlineData("2026-09-20", 5, "2026-09-28")] // make-up Sun -> 9/21–24, then Mon 9/28
    [InlineData("2026-09-24", 1, "2026-09-28")] // Thu before 中秋节 -> Mon
    [InlineData("2026-09-24", 15, "2026-10-22")] // across both holidays
    [InlineData("2026-09-25", 20, "2026-10-29")] // from 中秋节, 20 days
    [InlineData("2026-09-30", 1, "2026-10-08")] // Wed -> Thu after 国庆节
    [InlineData("2026-09-30", 3, "2026-10-10")] // Wed -> make-up Sat
    [InlineData("2026-10-03", 1, "2026-10-08")] // from a holiday
    [InlineData("2026-10-03", 3, "2026-10-10")] // from a holiday -> make-up Sat
    [InlineData("2026-10-03", 4, "2026-10-12")] // from a holiday -> Mon
    [InlineData("2026-10-10", 1, "2026-10-12")] // from the make-up Sat -> Mon
    [InlineData("2026-12-25", 4, "2026-12-31")] // ordinary weeks, stays in 2026
    // 2025 元旦 (1/1 off), starting in unknown 2024
    [InlineData("2024-12-31", 1, "2025-01-02")] // Tue -> Thu
    [InlineData("2024-12-31", 2, "2025-01-03")] // Tue -> Fri
    [InlineData("2024-12-31", 3, "2025-01-06")] // Tue -> Mon
    // 2025 春节 (1/26 Sun make-up, 1/28–2/4 off, 2/8 Sat make-up)
    [InlineData("2025-01-24", 1, "2025-01-26")] // Fri -> make-up Sun
    [InlineData("2025-01-24", 2, "2025-01-27")] // Fri -> Mon
    [InlineData("2025-01-24", 3, "2025-02-05")] // Fri -> Wed after the break
    [InlineData("2025-01-26", 1, "2025-01-27")] // from the make-up Sun
    [InlineData("2025-01-27", 1, "2025-02-05")] // Mon before the break -> Wed
    [InlineData("2025-01-27", 4, "2025-02-08")] // -> make-up Sat
    [InlineData("2025-01-27", 5, "2025-02-10")] // -> Mon
    [InlineData("2025-01-31", 1, "2025-02-05")] // from a holiday
    [InlineData("2025-02-08", 1, "2025-02-10")] // from the make-up Sat
    // 2025 清明节 (4/4–4/6 off)
    [InlineData("2025-04-03", 1, "2025-04-07")] // Thu -> Mon
    // 2025 劳动节 (4/27 Sun make-up, 5/1–5/5 off)
    [InlineData("2025-04-25", 1, "2025-04-27")] // Fri -> make-up Sun
    [InlineData("2025-04-25", 2, "2025-04-28")] // Fri -> Mon
    [InlineData("2025-04-27", 3, "2025-04-30")] // make-up Sun -> Wed
    [InlineData("2025-04-27", 4, "2025-05-06")] // make-up Sun -> Tue after the break
    [InlineData("2025-04-30", 1, "2025-05-06")] // Wed -> Tue
    [InlineData("2025-04-30", 4, "2025-05-09")] // Wed -> Fri
    // 2025 端午节 (5/31–6/2 off)
    [InlineData("2025-05-30", 1, "2025-06-03")] // Fri -> Tue
    [InlineData("2025-06-01", 2, "2025-06-04")] // from a holiday -> Wed
    // 2025 国庆节、中秋节 (9/28 Sun make-up, 10/1–10/8 off, 10/11 Sat make-up)
    [InlineData("2025-09-26", 1, "2025-09-28")] // Fri -> make-up Sun
    [InlineData("2025-09-28", 1, "2025-09-29")] // from the make-up Sun
    [InlineData("2025-09-28", 3, "2025-10-09")] // make-up Sun -> Thu after the break
    [InlineData("2025-09-30", 1, "2025-10-09")] // Tue -> Thu
    [InlineData("2025-09-30", 3, "2025-10-11")] // Tue -> make-up Sat
    [InlineData("2025-09-30", 4, "2025-10-13")] // Tue -> Mon
    [InlineData("2025-10-05", 2, "2025-10-10")] // from a holiday -> Fri
    [InlineData("2025-10-11", 1, "2025-10-13")] // from the make-up Sat
    // 2027 is not published: weekends only
    [InlineData("2026-12-30", 2, "2027-01-01")] // 1/1/2027 counted as an ordinary Fri
    [InlineData("2026-12-31", 1, "2027-01-01")]
    [InlineData("2027-01-01", 1, "2027-01-04")] // Fri -> Mon
    [InlineData("2027-02-05", 1, "2027-02-08")] // Fri -> Mon
    [InlineData("2027-02-10", 10, "2027-02-24")] // two plain weeks
    public void AddWorkingDays_AroundOfficialHolidays_ReturnsNthWorkingDayAfterStart(string from, int n, string expected)
    {
        Assert.Equal(D(expected), Cal.AddWorkingDays(D(from), n));
    }

    [Theory]
    [InlineData("2026-02-13")] // working day
    [InlineData("2026-02-17")] // holiday
    [InlineData("2026-03-07")] // Saturday
    public void AddWorkingDays_Zero_ReturnsStartUnchanged(string from)
    {
        Assert.Equal(D(from), Cal.AddWorkingDays(D(from), 0));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void AddWorkingDays_Negative_Throws(int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.AddWorkingDays(D("2026-02-13"), n));
    }

    [Theory]
    [InlineData("2026-02-13")]
    [InlineData("2026-02-14")]
    [InlineData("2026-10-03")]
    [InlineData("2025-01-27")]
    public void NextWorkingDay_Any_EqualsAddOne(string from)
    {
        Assert.Equal(Cal.AddWorkingDays(D(from), 1), Cal.NextWorkingDay(D(from)));
    }

    [Fact]
    public void AddWorkingDays_EveryStartIn2025And2026_ResultIsWorkingDayAndRoundTrips()
    {
        for (var d = D("2024-12-25"); d <= D("2027-01-10"); d = d.AddDays(1))
        {
            foreach (var n in new[] { 1, 3, 5, 15, 20 })
            {
                var due = Cal.AddWorkingDays(d, n);
                Assert.True(Cal.IsWorkingDay(due), $"{d} + {n} = {due} is not a working day");
                Assert.Equal(n, Cal.WorkingDaysBetween(d, due));
                Assert.True(Cal.PreviousWorkingDay(due) < due);
                if (n > 1)
                {
                    Assert.Equal(Cal.AddWorkingDays(d, n - 1), Cal.PreviousWorkingDay(due));
                }
            }
        }
    }

    // ---------------------------------------------------------------- DueAt / DueAfter

    [Fact]
    public void DueAt_RequiredExample_EndsAt235959ChinaTime()
    {
        var result = Cal.DueAt(D("2026-02-13"), 4);

        Assert.Equal(D("2026-02-26"), result.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 2, 26, 23, 59, 59, TimeSpan.FromHours(8)), result.DueAt);
        Assert.Equal(TimeSpan.FromHours(8), result.DueAt.Offset);
        Assert.Equal(new DateTime(2026, 2, 26, 15, 59, 59, DateTimeKind.Utc), result.DueAtUtc);
        Assert.Equal(DateTimeKind.Utc, result.DueAtUtc.Kind);
        Assert.Equal("2026-02-26T23:59:59+08:00", result.DueAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
        Assert.Equal("2026-02-26T15:59:59Z", result.DueAtUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Assert.True(result.CalendarKnown);
    }

    [Theory]
    [InlineData("2026-02-13", 4, "2026-02-26", true)]
    [InlineData("2026-09-30", 4, "2026-10-12", true)]
    [InlineData("2025-09-30", 3, "2025-10-11", true)]
    [InlineData("2025-12-31", 1, "2026-01-04", true)]  // 2025 -> 2026, both known
    [InlineData("2026-12-25", 4, "2026-12-31", true)]  // stays in 2026
    [InlineData("2024-12-31", 1, "2025-01-02", false)] // starts in unknown 2024
    [InlineData("2024-12-31", 3, "2025-01-06", false)]
    [InlineData("2026-12-30", 2, "2027-01-01", false)] // ends in unknown 2027
    [InlineData("2027-02-10", 10, "2027-02-24", false)] // wholly in unknown 2027
    public void DueAt_AcrossYears_ReportsWhetherCalendarKnown(string from, int n, string dueDate, bool known)
    {
        var result = Cal.DueAt(D(from), n);

        Assert.Equal(D(dueDate), result.DueDate);
        Assert.Equal(known, result.CalendarKnown);
        Assert.Equal(result.DueAt.UtcDateTime, result.DueAtUtc);
        Assert.Equal(new TimeOnly(23, 59, 59), TimeOnly.FromTimeSpan(result.DueAt.TimeOfDay));
        Assert.Equal(DateTimeKind.Utc, result.DueAtUtc.Kind);
        Assert.Equal(new TimeOnly(15, 59, 59), TimeOnly.FromDateTime(result.DueAtUtc));
        Assert.Equal(D(dueDate), DateOnly.FromDateTime(result.DueAtUtc));
    }

    [Fact]
    public void DueAt_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.DueAt(D("2026-02-13"), -1));
    }

    [Theory]
    [InlineData("2026-02-13T15:59:59Z", 4, "2026-02-26T23:59:59+08:00")] // China 2/13 23:59:59 Fri
    [InlineData("2026-02-13T16:00:00Z", 4, "2026-02-27T23:59:59+08:00")] // China 2/14 00:00 (make-up Sat) -> 2/24..2/27
    [InlineData("2026-02-12T16:00:00Z", 4, "2026-02-26T23:59:59+08:00")] // China 2/13 00:00
    [InlineData("2026-09-30T01:00:00Z", 4, "2026-10-12T23:59:59+08:00")]
    [InlineData("2025-12-31T16:30:00Z", 1, "2026-01-04T23:59:59+08:00")] // already 2026-01-01 in China
    public void DueAfter_UtcInstant_UsesChinaDate(string startUtc, int n, string expected)
    {
        var start = DateTime.Parse(startUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal(DateTimeKind.Utc, start.Kind);

        var due = Cal.DueAfter(start, n);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), due);
        Assert.Equal(TimeSpan.FromHours(8), due.Offset);
    }

    // ---------------------------------------------------------------- China date helpers

    [Theory]
    [InlineData("2025-12-31T15:59:59Z", "2025-12-31")]
    [InlineData("2025-12-31T16:00:00Z", "2026-01-01")]
    [InlineData("2026-02-26T15:59:59Z", "2026-02-26")]
    [InlineData("2026-02-26T23:00:00Z", "2026-02-27")]
    [InlineData("2026-06-30T00:00:00Z", "2026-06-30")] // summer: still +8, no DST
    public void ToChinaDate_UtcInstant_AddsEightHours(string utc, string expected)
    {
        var instant = DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal(D(expected), WorkingDayCalendar.ToChinaDate(instant));
        Assert.Equal(D(expected), WorkingDayCalendar.ToChinaDate(new DateTimeOffset(instant)));
        Assert.Equal(D(expected), WorkingDayCalendar.ToChinaDate(DateTime.SpecifyKind(instant, DateTimeKind.Unspecified)));
    }

    [Theory]
    [InlineData("2026-02-13T15:59:59Z", "2026-02-13")]
    [InlineData("2026-02-13T16:00:00Z", "2026-02-14")]
    public void ChinaToday_FakeTimeProvider_ReturnsChinaDate(string utcNow, string expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(utcNow, CultureInfo.InvariantCulture));
        Assert.Equal(D(expected), WorkingDayCalendar.ChinaToday(time));
    }

    // ---------------------------------------------------------------- IsWorkingDay / IsYearKnown

    [Theory]
    [InlineData("2025-01-26")] // Sun 春节调休
    [InlineData("2025-02-08")] // Sat 春节调休
    [InlineData("2025-04-27")] // Sun 劳动节调休
    [InlineData("2025-09-28")] // Sun 国庆节、中秋节调休
    [InlineData("2025-10-11")] // Sat 国庆节、中秋节调休
    [InlineData("2026-01-04")] // Sun 元旦调休
    [InlineData("2026-02-14")] // Sat 春节调休
    [InlineData("2026-02-28")] // Sat 春节调休
    [InlineData("2026-05-09")] // Sat 劳动节调休
    [InlineData("2026-09-20")] // Sun 国庆节调休
    [InlineData("2026-10-10")] // Sat 国庆节调休
    public void IsWorkingDay_MakeUpWeekendDay_ReturnsTrue(string date)
    {
        var d = D(date);
        Assert.True(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.True(Cal.IsWorkingDay(d));
    }

    [Theory]
    [InlineData("2025-01-01")] // Wed 元旦
    [InlineData("2025-01-28")] // Tue 春节 first day
    [InlineData("2025-02-03")] // Mon 春节
    [InlineData("2025-02-04")] // Tue 春节 last day
    [InlineData("2025-04-04")] // Fri 清明节
    [InlineData("2025-05-01")] // Thu 劳动节
    [InlineData("2025-05-05")] // Mon 劳动节
    [InlineData("2025-06-02")] // Mon 端午节
    [InlineData("2025-10-01")] // Wed 国庆节、中秋节
    [InlineData("2025-10-08")] // Wed 国庆节、中秋节 last day
    [InlineData("2026-01-01")] // Thu 元旦
    [InlineData("2026-01-02")] // Fri 元旦
    [InlineData("2026-02-16")] // Mon 春节
    [InlineData("2026-02-20")] // Fri 春节
    [InlineData("2026-02-23")] // Mon 春节 last day
    [InlineData("2026-04-06")] // Mon 清明节
    [InlineData("2026-05-01")] // Fri 劳动节
    [InlineData("2026-05-04")] // Mon 劳动节
    [InlineData("2026-05-05")] // Tue 劳动节
    [InlineData("2026-06-19")] // Fri 端午节
    [InlineData("2026-09-25")] // Fri 中秋节
    [InlineData("2026-10-01")] // Thu 国庆节
    [InlineData("2026-10-07")] // Wed 国庆节 last day
    public void IsWorkingDay_WeekdayHoliday_ReturnsFalse(string date)
    {
        var d = D(date);
        Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.False(Cal.IsWorkingDay(d));
    }

    /// <summary>
    /// Every holiday (false) and make-up working day (true) of 2025 and 2026, copied by hand from the State Council's notices —
    /// 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026) — not from <see cref="OfficialHolidaySchedules"/>, the data
    /// under test. Weekdays in the comments checked on a calendar.
    /// </summary>
    private static readonly (string Date, bool MakeUp)[] StateCouncilNotices =
    [
        ("2025-01-01", false), // 周三 2025 元旦
        ("2025-01-26", true), // 周日 2025 春节调休上班
        ("2025-01-28", false), // 周二 2025 春节
        ("2025-01-29", false), // 周三 2025 春节
        ("2025-01-30", false), // 周四 2025 春节
        ("2025-01-31", false), // 周五 2025 春节
        ("2025-02-01", false), // 周六 2025 春节
        ("2025-02-02", false), // 周日 2025 春节
        ("2025-02-03", false), // 周一 2025 春节
        ("2025-02-04", false), // 周二 2025 春节
        ("2025-02-08", true), // 周六 2025 春节调休上班
        ("2025-04-04", false), // 周五 2025 清明
        ("2025-04-05", false), // 周六 2025 清明
        ("2025-04-06", false), // 周日 2025 清明
        ("2025-04-27", true), // 周日 2025 劳动节调休上班
        ("2025-05-01", false), // 周四 2025 劳动节
        ("2025-05-02", false), // 周五 2025 劳动节
        ("2025-05-03", false), // 周六 2025 劳动节
        ("2025-05-04", false), // 周日 2025 劳动节
        ("2025-05-05", false), // 周一 2025 劳动节
        ("2025-05-31", false), // 周六 2025 端午
        ("2025-06-01", false), // 周日 2025 端午
        ("2025-06-02", false), // 周一 2025 端午
        ("2025-09-28", true), // 周日 2025 国庆中秋调休上班
        ("2025-10-01", false), // 周三 2025 国庆中秋
        ("2025-10-02", false), // 周四 2025 国庆中秋
        ("2025-10-03", false), // 周五 2025 国庆中秋
        ("2025-10-04", false), // 周六 2025 国庆中秋
        ("2025-10-05", false), // 周日 2025 国庆中秋
        ("2025-10-06", false), // 周一 2025 国庆中秋
        ("2025-10-07", false), // 周二 2025 国庆中秋
        ("2025-10-08", false), // 周三 2025 国庆中秋
        ("2025-10-11", true), // 周六 2025 国庆中秋调休上班
        ("2026-01-01", false), // 周四 2026 元旦
        ("2026-01-02", false), // 周五 2026 元旦
        ("2026-01-03", false), // 周六 2026 元旦
        ("2026-01-04", true), // 周日 2026 元旦调休上班
        ("2026-02-14", true), // 周六 2026 春节调休上班
        ("2026-02-15", false), // 周日 2026 春节
        ("2026-02-16", false), // 周一 2026 春节
        ("2026-02-17", false), // 周二 2026 春节
        ("2026-02-18", false), // 周三 2026 春节
        ("2026-02-19", false), // 周四 2026 春节
        ("2026-02-20", false), // 周五 2026 春节
        ("2026-02-21", false), // 周六 2026 春节
        ("2026-02-22", false), // 周日 2026 春节
        ("2026-02-23", false), // 周一 2026 春节
        ("2026-02-28", true), // 周六 2026 春节调休上班
        ("2026-04-04", false), // 周六 2026 清明
        ("2026-04-05", false), // 周日 2026 清明
        ("2026-04-06", false), // 周一 2026 清明
        ("2026-05-01", false), // 周五 2026 劳动节
        ("2026-05-02", false), // 周六 2026 劳动节
        ("2026-05-03", false), // 周日 2026 劳动节
        ("2026-05-04", false), // 周一 2026 劳动节
        ("2026-05-05", false), // 周二 2026 劳动节
        ("2026-05-09", true), // 周六 2026 劳动节调休上班
        ("2026-06-19", false), // 周五 2026 端午
        ("2026-06-20", false), // 周六 2026 端午
        ("2026-06-21", false), // 周日 2026 端午
        ("2026-09-20", true), // 周日 2026 国庆调休上班
        ("2026-09-25", false), // 周五 2026 中秋
        ("2026-09-26", false), // 周六 2026 中秋
        ("2026-09-27", false), // 周日 2026 中秋
        ("2026-10-01", false), // 周四 2026 国庆
        ("2026-10-02", false), // 周五 2026 国庆
        ("2026-10-03", false), // 周六 2026 国庆
        ("2026-10-04", false), // 周日 2026 国庆
        ("2026-10-05", false), // 周一 2026 国庆
        ("2026-10-06", false), // 周二 2026 国庆
        ("2026-10-07", false), // 周三 2026 国庆
        ("2026-10-10", true), // 周六 2026 国庆调休上班
    ];

    public static TheoryData<string, bool> NoticeDays()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (date, makeUp) in StateCouncilNotices) data.Add(date, makeUp);
        return data;
    }

    [Theory]
    [MemberData(nameof(NoticeDays))]
    public void IsWorkingDay_EveryDayOfTheNotices_HolidayOffMakeUpOn(string date, bool isMakeUp)
    {
        var d = D(date);
        Assert.Equal(isMakeUp, Cal.IsWorkingDay(d));
        // A make-up day is always a weekend day; a holiday listed here is off whatever its weekday.
        if (isMakeUp) Assert.True(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, date);
    }

    [Fact]
    public void OfficialHolidaySchedules_HoldExactlyTheNoticesDays()
    {
        Assert.Equal(72, StateCouncilNotices.Length);
        Assert.Equal(
            StateCouncilNotices.Select(n => n.Date + (n.MakeUp ? " 调休上班" : " 放假")).Order(StringComparer.Ordinal),
            OfficialHolidaySchedules.All.Select(e => e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                + (e.Kind == CalendarDayKind.MakeUpWorkday ? " 调休上班" : " 放假")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2026-02-13", true)]  // Fri
    [InlineData("2026-03-07", false)] // Sat
    [InlineData("2026-03-08", false)] // Sun
    [InlineData("2026-03-09", true)]  // Mon
    [InlineData("2025-12-31", true)]  // Wed
    [InlineData("2024-12-31", true)]  // Tue, unknown year
    [InlineData("2027-01-01", true)]  // Fri, unknown year: weekends only
    [InlineData("2027-01-02", false)] // Sat, unknown year
    public void IsWorkingDay_OrdinaryDay_FollowsWeekday(string date, bool expected)
    {
        Assert.Equal(expected, Cal.IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData(2024, false)]
    [InlineData(2025, true)]
    [InlineData(2026, true)]
    [InlineData(2027, false)]
    public void IsYearKnown_OfficialCalendar_OnlyPublishedYears(int year, bool expected)
    {
        Assert.Equal(expected, Cal.IsYearKnown(year));
    }

    // ---------------------------------------------------------------- PreviousWorkingDay

    [Theory]
    [InlineData("2026-02-24", "2026-02-14")] // Tue after 春节 -> make-up Sat
    [InlineData("2026-02-26", "2026-02-25")] // ordinary
    [InlineData("2026-03-02", "2026-02-28")] // Mon -> make-up Sat
    [InlineData("2026-01-05", "2026-01-04")] // Mon -> make-up Sun
    [InlineData("2026-01-04", "2025-12-31")] // make-up Sun -> across 元旦 and the year
    [InlineData("2026-01-01", "2025-12-31")] // from a holiday
    [InlineData("2026-04-07", "2026-04-03")] // across 清明节
    [InlineData("2026-05-06", "2026-04-30")] // across 劳动节
    [InlineData("2026-05-11", "2026-05-09")] // Mon -> make-up Sat
    [InlineData("2026-06-22", "2026-06-18")] // across 端午节
    [InlineData("2026-09-21", "2026-09-20")] // Mon -> make-up Sun
    [InlineData("2026-09-28", "2026-09-24")] // across 中秋节
    [InlineData("2026-10-08", "2026-09-30")] // across 国庆节
    [InlineData("2026-10-12", "2026-10-10")] // Mon -> make-up Sat
    [InlineData("2025-01-02", "2024-12-31")] // across 元旦 into unknown 2024
    [InlineData("2025-02-05", "2025-01-27")] // across 春节
    [InlineData("2025-02-10", "2025-02-08")] // Mon -> make-up Sat
    [InlineData("2025-04-07", "2025-04-03")] // across 清明节
    [InlineData("2025-05-06", "2025-04-30")] // across 劳动节
    [InlineData("2025-06-03", "2025-05-30")] // across 端午节
    [InlineData("2025-10-09", "2025-09-30")] // across 国庆节、中秋节
    [InlineData("2025-10-13", "2025-10-11")] // Mon -> make-up Sat
    public void PreviousWorkingDay_AroundHolidays_ReturnsLastWorkingDayBefore(string date, string expected)
    {
        Assert.Equal(D(expected), Cal.PreviousWorkingDay(D(date)));
    }

    // ---------------------------------------------------------------- WorkingDaysBetween

    [Theory]
    [InlineData("2026-02-13", "2026-02-26", 4)]
    [InlineData("2026-01-31", "2026-02-28", 16)]   // February 2026: 20 weekdays - 6 holidays + 2 make-up Saturdays
    [InlineData("2025-12-31", "2026-12-31", 248)]  // all of 2026: 261 weekdays - 19 + 6
    [InlineData("2024-12-31", "2025-12-31", 248)]  // all of 2025: 261 weekdays - 18 + 5
    [InlineData("2026-09-30", "2026-10-07", 0)]    // only holidays
    [InlineData("2026-10-01", "2026-10-01", 0)]    // same day
    [InlineData("2026-09-30", "2026-10-12", 4)]
    [InlineData("2025-01-27", "2025-02-10", 5)]
    [InlineData("2025-09-27", "2025-10-11", 6)]    // both make-up days counted
    [InlineData("2026-04-30", "2026-05-09", 4)]
    [InlineData("2026-12-31", "2027-01-08", 6)]    // unknown 2027: weekends only
    public void WorkingDaysBetween_Range_CountsWorkingDaysExcludingStart(string fromExclusive, string toInclusive, int expected)
    {
        Assert.Equal(expected, Cal.WorkingDaysBetween(D(fromExclusive), D(toInclusive)));
    }

    [Theory]
    [InlineData("2026-02-26", "2026-02-13", -4)]
    [InlineData("2026-10-07", "2026-09-30", 0)]
    public void WorkingDaysBetween_Reversed_ReturnsNegatedCount(string fromExclusive, string toInclusive, int expected)
    {
        Assert.Equal(expected, Cal.WorkingDaysBetween(D(fromExclusive), D(toInclusive)));
    }

    // ---------------------------------------------------------------- schedules and construction

    [Theory]
    [InlineData(2025, 28, 5)] // 1 + 8 + 3 + 5 + 3 + 8 days off
    [InlineData(2026, 33, 6)] // 3 + 9 + 3 + 5 + 3 + 3 + 7 days off
    public void OfficialHolidaySchedules_Year_HasExpectedCounts(int year, int holidays, int makeUps)
    {
        var list = year == 2025 ? OfficialHolidaySchedules.Year2025 : OfficialHolidaySchedules.Year2026;

        Assert.All(list, e => Assert.Equal(year, e.Date.Year));
        Assert.Equal(holidays, list.Count(e => e.Kind == CalendarDayKind.Holiday));
        Assert.Equal(makeUps, list.Count(e => e.Kind == CalendarDayKind.MakeUpWorkday));
        Assert.All(list.Where(e => e.Kind == CalendarDayKind.MakeUpWorkday), e => Assert.EndsWith("调休上班", e.Name));
        Assert.Equal(list.Count, list.Select(e => e.Date).Distinct().Count());
    }

    [Fact]
    public void OfficialHolidaySchedules_All_CombinesBothYearsInOrder()
    {
        Assert.Equal(OfficialHolidaySchedules.Year2025.Count + OfficialHolidaySchedules.Year2026.Count, OfficialHolidaySchedules.All.Count);
        Assert.Equal(OfficialHolidaySchedules.All.OrderBy(e => e.Date), OfficialHolidaySchedules.All);
        Assert.Equal(new[] { 2025, 2026 }, OfficialHolidaySchedules.KnownYears.Order());
        Assert.Equal(new[] { 2025, 2026 }, Cal.KnownYears);
    }

    [Theory]
    [InlineData("2026-02-17", CalendarDayKind.Holiday, "春节")]
    [InlineData("2026-02-14", CalendarDayKind.MakeUpWorkday, "春节调休上班")]
    [InlineData("2026-09-26", CalendarDayKind.Holiday, "中秋节")]
    [InlineData("2026-10-05", CalendarDayKind.Holiday, "国庆节")]
    [InlineData("2025-10-06", CalendarDayKind.Holiday, "国庆节、中秋节")]
    [InlineData("2025-06-01", CalendarDayKind.Holiday, "端午节")]
    [InlineData("2025-04-05", CalendarDayKind.Holiday, "清明节")]
    [InlineData("2025-01-01", CalendarDayKind.Holiday, "元旦")]
    [InlineData("2026-05-09", CalendarDayKind.MakeUpWorkday, "劳动节调休上班")]
    public void TryGetEntry_OfficialDay_ReturnsChineseName(string date, CalendarDayKind kind, string name)
    {
        Assert.True(Cal.TryGetEntry(D(date), out var entry));
        Assert.Equal(new CalendarDayEntry(D(date), kind, name), entry);
    }

    [Fact]
    public void TryGetEntry_OrdinaryDay_ReturnsFalse()
    {
        Assert.False(Cal.TryGetEntry(D("2026-03-09"), out var entry));
        Assert.Null(entry);
    }

    [Fact]
    public void Constructor_ConflictingKindsForSameDate_Throws()
    {
        var entries = new[]
        {
            new CalendarDayEntry(D("2027-01-01"), CalendarDayKind.Holiday, "元旦"),
            new CalendarDayEntry(D("2027-01-01"), CalendarDayKind.MakeUpWorkday, "元旦调休上班"),
        };

        Assert.Throws<ArgumentException>(() => new WorkingDayCalendar(entries, [2027]));
    }

    [Fact]
    public void Constructor_CustomSchedule_IsUsedAndYearKnown()
    {
        var custom = new WorkingDayCalendar(
            [
                new CalendarDayEntry(D("2027-01-01"), CalendarDayKind.Holiday, "元旦"),
                new CalendarDayEntry(D("2027-01-02"), CalendarDayKind.MakeUpWorkday, "元旦调休上班"),
            ],
            [2027]);

        Assert.True(custom.IsYearKnown(2027));
        Assert.False(custom.IsWorkingDay(D("2027-01-01"))); // Fri holiday
        Assert.True(custom.IsWorkingDay(D("2027-01-02")));  // Sat make-up
        var result = custom.DueAt(D("2027-01-01"), 2);
        Assert.Equal(D("2027-01-04"), result.DueDate); // Sat 1/2 (1), Mon 1/4 (2)
        Assert.True(result.CalendarKnown);
    }

    // ---------------------------------------------------------------- CalendarFile

    [Fact]
    public void CalendarFileParse_ValidText_BuildsEntriesAndKnownYears()
    {
        const string text = """
            # 2027 example
            year 2027
            2027-01-01 休 元旦
            2027-02-06..2027-02-08 holiday 春节   # range
            2027-02-14 班 春节调休上班

            """;

        var content = CalendarFile.Parse(text);

        Assert.Equal(new[] { 2027 }, content.KnownYears);
        Assert.Equal(5, content.Entries.Count);
        Assert.Equal(new CalendarDayEntry(D("2027-02-07"), CalendarDayKind.Holiday, "春节"), content.Entries[2]);
        Assert.Equal(new CalendarDayEntry(D("2027-02-14"), CalendarDayKind.MakeUpWorkday, "春节调休上班"), content.Entries[4]);

        var cal = content.ToCalendarWithOfficial();
        Assert.True(cal.IsYearKnown(2026));
        Assert.True(cal.IsYearKnown(2027));
        Assert.False(cal.IsWorkingDay(D("2027-01-01")));
        Assert.True(cal.IsWorkingDay(D("2027-02-14")));
        Assert.False(cal.IsWorkingDay(D("2026-10-01")));
        Assert.True(cal.DueAt(D("2026-12-31"), 1) is { DueDate.Day: 4, CalendarKnown: true });
    }

    [Theory]
    [InlineData("2027-01-01 休 元旦")]                          // year not declared
    [InlineData("year 2027\n2027-01-01 休")]                     // no name
    [InlineData("year 2027\n2027-13-01 休 元旦")]                // bad date
    [InlineData("year 2027\n2027-01-01 放 元旦")]                // bad kind
    [InlineData("year 2027\n2027-01-03..2027-01-01 休 元旦")]    // backwards range
    [InlineData("year 2027\n2027-01-01 休 元旦\n2027-01-01 班 元旦调休上班")] // conflict
    [InlineData("year abc")]
    public void CalendarFileParse_InvalidText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => CalendarFile.Parse(text));
    }
}
