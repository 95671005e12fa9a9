using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Figures;

/// <summary>
/// The day figures of settled items (docs/ARCHITECTURE.md, "Day figures"): per China day and unit, what the statistics and
/// the dashboard would count for the messages and findings that can no longer change, so that a figure over years reads a
/// few rows per day instead of every item. A day's rows are always rebuilt whole from the raw rows — by the rules when an
/// item of that day settles (in the transition's transaction), by <see cref="RunAsync"/> for days never built — and only
/// a day with a <see cref="FigureDay"/> marker is read from them; the readers take unmarked days and unsettled items from
/// the raw rows (<see cref="MessageStatistics"/>, <see cref="AccountabilityDashboard"/>), so a figure is the same marked or not.
/// </summary>
public sealed class DayFigures(IDbContextFactory<GovernanceDbContext> dbFactory, CalendarStore calendars, TimeProvider time)
{
    /// <summary>Settled messages by China day of receipt (<see cref="MessageDayFigure"/>); depends on the working-day calendar.</summary>
    public const string Messages = "messages";
    /// <summary>Replies by China day of reply (<see cref="ReplyDayFigure"/>).</summary>
    public const string Replies = "replies";
    /// <summary>Settled findings by China day found (<see cref="FindingDayFigure"/>).</summary>
    public const string Findings = "findings";
    /// <summary>Closed findings by China day closed (<see cref="FindingClosedDayFigure"/>).</summary>
    public const string FindingsClosed = "findings-closed";

    public static readonly IReadOnlyList<string> Families = [Messages, Replies, Findings, FindingsClosed];

    /// <summary>Days built per transaction by <see cref="BuildMissingAsync"/>: short write locks on SQLite.</summary>
    public const int BatchDays = 31;

    /// <summary>
    /// A message has just settled (replied or marked invalid; nothing the figures read changes after that — the only
    /// transition out of 已答复 is 办结, which records its time and nothing else, and 无效留言 is final): its day of receipt and
    /// its day of reply are built again. Runs inside the transition's transaction, so the figures commit with it.
    /// </summary>
    public async Task MessageSettledAsync(GovernanceDbContext db, CitizenMessage message, CancellationToken ct = default)
    {
        // The rebuild reads the database: this transition's changes first (same transaction, they commit or roll back with it).
        await db.SaveChangesAsync(ct);
        await BuildAsync(db, Messages, ChinaTime.Date(message.ReceivedAtUtc), ct);
        if (message.RepliedAtUtc is { } replied) await BuildAsync(db, Replies, ChinaTime.Date(replied), ct);
    }

    /// <summary>
    /// A finding has just settled (已销号 or 已撤销, both final): its day found and its day closed are built again, inside the
    /// transition's transaction.
    /// </summary>
    public async Task FindingSettledAsync(GovernanceDbContext db, Finding finding, CancellationToken ct = default)
    {
        await db.SaveChangesAsync(ct);
        await BuildAsync(db, Findings, ChinaTime.Date(finding.FoundAtUtc), ct);
        if (finding.ClosedAtUtc is { } closed) await BuildAsync(db, FindingsClosed, ChinaTime.Date(closed), ct);
    }

    /// <summary>
    /// Builds one day of one family: its rows deleted and computed again from the raw rows of the day's settled items (the
    /// readers' own raw queries), and the day marked. Idempotent; in the caller's transaction, else in its own.
    /// </summary>
    public async Task BuildAsync(GovernanceDbContext db, string family, DateOnly day, CancellationToken ct = default)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var (fromUtc, toUtc) = Bounds(day);
        var now = time.GetUtcNow().UtcDateTime;
        switch (family)
        {
            case Messages:
                await db.MessageDayFigures.Where(r => r.Day == day).ExecuteDeleteAsync(ct);
                var calendar = await calendars.GetAsync(ct);
                var sums = await MessageStatistics.RawAsync(db, calendar, now, fromUtc, toUtc, settled: true, null, ct);
                var days = sums.Select(s => new MessageDayFigure
                {
                    Day = day, UnitId = s.Key, Received = s.Value.Received, Assigned = s.Value.Assigned, Replied = s.Value.Replied,
                    RepliedOnTime = s.Value.RepliedOnTime, RepliedLate = s.Value.RepliedLate, Extended = s.Value.Extended,
                    Invalid = s.Value.Invalid, Returned = s.Value.Returned,
                    DaysFromAssignmentSum = s.Value.DaysFromAssignmentSum, DaysFromAssignmentCount = s.Value.DaysFromAssignmentCount,
                    DaysFromReceiptSum = s.Value.DaysFromReceiptSum, DaysFromReceiptCount = s.Value.DaysFromReceiptCount,
                }).ToList();
                db.MessageDayFigures.AddRange(days);
                // The month's rows again from its day rows (at most 31 per unit): a rebuilt day repairs its month too.
                var (month, nextMonth) = MonthOf(day);
                var monthDays = await db.MessageDayFigures.AsNoTracking().Where(r => r.Day >= month && r.Day < nextMonth && r.Day != day).ToListAsync(ct);
                await db.MessageMonthFigures.Where(r => r.Month == month).ExecuteDeleteAsync(ct);
                db.MessageMonthFigures.AddRange(monthDays.Concat(days).GroupBy(r => r.UnitId).Select(g =>
                {
                    var m = new MessageMonthFigure { Month = month, UnitId = g.Key };
                    foreach (var r in g) Add(m, r);
                    return m;
                }));
                break;
            case Replies:
                var oldReplies = await db.ReplyDayFigures.AsNoTracking().Where(r => r.Day == day).ToListAsync(ct);
                await db.ReplyDayFigures.Where(r => r.Day == day).ExecuteDeleteAsync(ct);
                var replies = (await MessageStatistics.RepliesRawAsync(db, fromUtc, toUtc, null, ct)).GroupBy(r => r.UnitId)
                    .Select(g => new ReplyDayFigure
                    {
                        Day = day, UnitId = g.Key, Replied = g.Sum(r => r.Replied), OnTime = g.Sum(r => r.OnTime), Late = g.Sum(r => r.Late),
                    }).ToList();
                db.ReplyDayFigures.AddRange(replies);
                var (replyMonth, replyNext) = MonthOf(day);
                var replyMonthDays = await db.ReplyDayFigures.AsNoTracking().Where(r => r.Day >= replyMonth && r.Day < replyNext && r.Day != day).ToListAsync(ct);
                await db.ReplyMonthFigures.Where(r => r.Month == replyMonth).ExecuteDeleteAsync(ct);
                db.ReplyMonthFigures.AddRange(replyMonthDays.Concat(replies).GroupBy(r => r.UnitId).Select(g => new ReplyMonthFigure
                {
                    Month = replyMonth, UnitId = g.Key, Replied = g.Sum(r => r.Replied), OnTime = g.Sum(r => r.OnTime), Late = g.Sum(r => r.Late),
                }));
                // The units' totals: this day's old rows out, its new rows in — as increments in SQL, so that two transactions
                // adding to one unit's total (PostgreSQL) both count.
                foreach (var g in oldReplies.Select(r => (r.UnitId, Sign: -1, r)).Concat(replies.Select(r => (r.UnitId, Sign: 1, r))).GroupBy(x => x.UnitId))
                {
                    var (unit, replied, onTime, late) = (g.Key, g.Sum(x => x.Sign * x.r.Replied), g.Sum(x => x.Sign * x.r.OnTime), g.Sum(x => x.Sign * x.r.Late));
                    var updated = await db.ReplyUnitTotals.Where(t => t.UnitId == unit).ExecuteUpdateAsync(s => s
                        .SetProperty(t => t.Replied, t => t.Replied + replied).SetProperty(t => t.OnTime, t => t.OnTime + onTime)
                        .SetProperty(t => t.Late, t => t.Late + late), ct);
                    if (updated == 0) db.ReplyUnitTotals.Add(new ReplyUnitTotal { UnitId = unit, Replied = replied, OnTime = onTime, Late = late });
                }
                break;
            case Findings:
                var oldFound = await db.FindingDayFigures.AsNoTracking().Where(r => r.Day == day).ToListAsync(ct);
                await db.FindingDayFigures.Where(r => r.Day == day).ExecuteDeleteAsync(ct);
                var found = (await AccountabilityDashboard.FindingsRawAsync(db, fromUtc, toUtc, settled: true, null, now, ct)).GroupBy(r => r.UnitId)
                    .Select(g => new FindingDayFigure
                    {
                        Day = day, UnitId = g.Key, Raised = g.Sum(r => r.Raised), Closed = g.Sum(r => r.Closed),
                        ClosedOnTime = g.Sum(r => r.ClosedOnTime), Repeats = g.Sum(r => r.Repeats),
                    }).ToList();
                db.FindingDayFigures.AddRange(found);
                var (foundMonth, foundNext) = MonthOf(day);
                var foundMonthDays = await db.FindingDayFigures.AsNoTracking().Where(r => r.Day >= foundMonth && r.Day < foundNext && r.Day != day).ToListAsync(ct);
                await db.FindingMonthFigures.Where(r => r.Month == foundMonth).ExecuteDeleteAsync(ct);
                db.FindingMonthFigures.AddRange(foundMonthDays.Concat(found).GroupBy(r => r.UnitId).Select(g => new FindingMonthFigure
                {
                    Month = foundMonth, UnitId = g.Key, Raised = g.Sum(r => r.Raised), Closed = g.Sum(r => r.Closed),
                    ClosedOnTime = g.Sum(r => r.ClosedOnTime), Repeats = g.Sum(r => r.Repeats),
                }));
                foreach (var g in oldFound.Select(r => (r.UnitId, Sign: -1, r)).Concat(found.Select(r => (r.UnitId, Sign: 1, r))).GroupBy(x => x.UnitId))
                {
                    var (unit, raised, closedCount) = (g.Key, g.Sum(x => x.Sign * x.r.Raised), g.Sum(x => x.Sign * x.r.Closed));
                    var (onTime, repeats) = (g.Sum(x => x.Sign * x.r.ClosedOnTime), g.Sum(x => x.Sign * x.r.Repeats));
                    var updated = await db.FindingUnitTotals.Where(t => t.UnitId == unit).ExecuteUpdateAsync(s => s
                        .SetProperty(t => t.Raised, t => t.Raised + raised).SetProperty(t => t.Closed, t => t.Closed + closedCount)
                        .SetProperty(t => t.ClosedOnTime, t => t.ClosedOnTime + onTime).SetProperty(t => t.Repeats, t => t.Repeats + repeats), ct);
                    if (updated == 0)
                        db.FindingUnitTotals.Add(new FindingUnitTotal { UnitId = unit, Raised = raised, Closed = closedCount, ClosedOnTime = onTime, Repeats = repeats });
                }
                break;
            case FindingsClosed:
                await db.FindingClosedDayFigures.Where(r => r.Day == day).ExecuteDeleteAsync(ct);
                var closed = (await AccountabilityDashboard.ClosedRawAsync(db, fromUtc, toUtc, null, ct)).GroupBy(r => r.UnitId)
                    .Select(g => new FindingClosedDayFigure { Day = day, UnitId = g.Key, Closed = g.Sum(r => r.Closed) }).ToList();
                db.FindingClosedDayFigures.AddRange(closed);
                var (closedMonth, closedNext) = MonthOf(day);
                var closedMonthDays = await db.FindingClosedDayFigures.AsNoTracking().Where(r => r.Day >= closedMonth && r.Day < closedNext && r.Day != day).ToListAsync(ct);
                await db.FindingClosedMonthFigures.Where(r => r.Month == closedMonth).ExecuteDeleteAsync(ct);
                db.FindingClosedMonthFigures.AddRange(closedMonthDays.Concat(closed).GroupBy(r => r.UnitId)
                    .Select(g => new FindingClosedMonthFigure { Month = closedMonth, UnitId = g.Key, Closed = g.Sum(r => r.Closed) }));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family of day figures");
        }
        var marker = await db.FigureDays.FirstOrDefaultAsync(d => d.Family == family && d.Day == day, ct);
        if (marker is null) db.FigureDays.Add(marker = new FigureDay { Family = family, Day = day });
        marker.BuiltAtUtc = now;
        await db.SaveChangesAsync(ct);
        // The rows written are replaced by a later build with ExecuteDelete, which the change tracker does not see: let go of them.
        foreach (var entry in db.ChangeTracker.Entries()
                     .Where(e => e.Entity is MessageFigures or ReplyFigures or FindingFigures or FindingClosedDayFigure or FindingClosedMonthFigure
                         or ReplyUnitTotal or FindingUnitTotal).ToList())
            entry.State = EntityState.Detached;
        if (own is not null) await own.CommitAsync(ct);
    }

    /// <summary>
    /// The Hangfire job (<c>day-figures</c>): builds every past China day (yesterday and before) of every family that has no
    /// marker, from the family's first item on. Safe to run twice: a day built again is the same rows.
    /// </summary>
    public Task<int> RunAsync(CancellationToken ct = default) =>
        BuildMissingAsync(ChinaTime.Date(time.GetUtcNow().UtcDateTime).AddDays(-1), ct);

    /// <summary>Builds every unmarked day up to <paramref name="through"/>, <see cref="BatchDays"/> days per transaction. Returns how many.</summary>
    public async Task<int> BuildMissingAsync(DateOnly through, CancellationToken ct = default)
    {
        var built = 0;
        foreach (var family in Families)
        {
            List<DateOnly> missing;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if (await FirstDayAsync(db, family, ct) is not { } first || first > through) continue;
                var marked = (await MarkedAsync(db, family, first, through, ct)).ToHashSet();
                missing = Enumerable.Range(0, through.DayNumber - first.DayNumber + 1).Select(first.AddDays).Where(d => !marked.Contains(d)).ToList();
            }
            foreach (var batch in missing.Chunk(BatchDays))
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                foreach (var day in batch) await BuildAsync(db, family, day, ct);
                await tx.CommitAsync(ct);
                built += batch.Length;
            }
            await RaiseWatermarkAsync(family, through, ct);
        }
        return built;
    }

    /// <summary>
    /// Sets the family's <see cref="FigureWatermark"/> to its first item's day through <paramref name="through"/> when every one
    /// of those days is marked — counted in the same transaction, so a <see cref="ForgetAsync"/> that committed in between
    /// (the calendar changed) leaves no watermark over days whose rows are gone.
    /// </summary>
    private async Task RaiseWatermarkAsync(string family, DateOnly through, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await FirstDayAsync(db, family, ct) is not { } first || first > through) return;
        var marked = await db.FigureDays.CountAsync(d => d.Family == family && d.Day >= first && d.Day <= through, ct);
        if (marked != through.DayNumber - first.DayNumber + 1) return;
        var mark = await db.FigureWatermarks.FirstOrDefaultAsync(w => w.Family == family, ct);
        if (mark is null) db.FigureWatermarks.Add(mark = new FigureWatermark { Family = family });
        (mark.FromDay, mark.ThroughDay) = (first, through);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Drops a family's markers and rows (its readers fall back to the raw rows until <see cref="RunAsync"/> builds it again):
    /// the message figures when the working-day calendar changes. In the caller's transaction.
    /// </summary>
    public static async Task ForgetAsync(GovernanceDbContext db, string family, CancellationToken ct = default)
    {
        await db.FigureWatermarks.Where(w => w.Family == family).ExecuteDeleteAsync(ct);
        await db.FigureDays.Where(d => d.Family == family).ExecuteDeleteAsync(ct);
        _ = family switch
        {
            Messages => await db.MessageDayFigures.ExecuteDeleteAsync(ct) + await db.MessageMonthFigures.ExecuteDeleteAsync(ct),
            Replies => await db.ReplyDayFigures.ExecuteDeleteAsync(ct) + await db.ReplyMonthFigures.ExecuteDeleteAsync(ct)
                       + await db.ReplyUnitTotals.ExecuteDeleteAsync(ct),
            Findings => await db.FindingDayFigures.ExecuteDeleteAsync(ct) + await db.FindingMonthFigures.ExecuteDeleteAsync(ct)
                        + await db.FindingUnitTotals.ExecuteDeleteAsync(ct),
            FindingsClosed => await db.FindingClosedDayFigures.ExecuteDeleteAsync(ct) + await db.FindingClosedMonthFigures.ExecuteDeleteAsync(ct),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family of day figures"),
        };
    }

    private static void Add(MessageFigures into, MessageFigures part)
    {
        into.Received += part.Received;
        into.Assigned += part.Assigned;
        into.Replied += part.Replied;
        into.RepliedOnTime += part.RepliedOnTime;
        into.RepliedLate += part.RepliedLate;
        into.Extended += part.Extended;
        into.Invalid += part.Invalid;
        into.Returned += part.Returned;
        into.DaysFromAssignmentSum += part.DaysFromAssignmentSum;
        into.DaysFromAssignmentCount += part.DaysFromAssignmentCount;
        into.DaysFromReceiptSum += part.DaysFromReceiptSum;
        into.DaysFromReceiptCount += part.DaysFromReceiptCount;
    }

    /// <summary>The marked days of a family between two days (both included; null: open), in order.</summary>
    public static async Task<List<DateOnly>> MarkedAsync(GovernanceDbContext db, string family, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = db.FigureDays.AsNoTracking().Where(d => d.Family == family);
        if (from is { } f) q = q.Where(d => d.Day >= f);
        if (to is { } t) q = q.Where(d => d.Day <= t);
        return await q.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync(ct);
    }

    /// <summary>
    /// Where a reader counts a family's settled items from the raw rows: the days between <paramref name="from"/> and
    /// <paramref name="to"/> (both included; null: open) not built yet, as UTC intervals (<see cref="Unmarked"/>).
    /// </summary>
    public static async Task<List<(DateTime? FromUtc, DateTime? ToUtc)>> UnbuiltAsync(GovernanceDbContext db, string family, DateOnly? from,
        DateOnly? to, CancellationToken ct)
    {
        if (await db.FigureWatermarks.AsNoTracking().FirstOrDefaultAsync(w => w.Family == family, ct) is not { } mark)
            return Unmarked(await MarkedAsync(db, family, from, to, ct), from, to);
        // The watermark's run of days is built; before and after it the markers are read (before it, there are markers only
        // for items entered later with an earlier date).
        var result = new List<(DateTime? FromUtc, DateTime? ToUtc)>();
        if (from is null || from < mark.FromDay)
        {
            var end = to is { } t && t < mark.FromDay ? t : mark.FromDay.AddDays(-1);
            result.AddRange(Unmarked(await MarkedAsync(db, family, from, end, ct), from, end));
        }
        var after = mark.ThroughDay.AddDays(1);
        var start = from is { } s && s > after ? s : after;
        if (to is null || start <= to) result.AddRange(Unmarked(await MarkedAsync(db, family, start, to, ct), start, to));
        return result;
    }

    /// <summary>A China month (first day, first day of the next) of a day.</summary>
    public static (DateOnly First, DateOnly Next) MonthOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return (first, first.AddMonths(1));
    }

    /// <summary>
    /// How a reader splits the days <paramref name="from"/>–<paramref name="to"/> (both included): the whole months in
    /// [<c>FirstWhole</c>, <c>EndWhole</c>) read by their month rows, the days before and after them by their day rows. When
    /// <c>FirstWhole</c> ≥ <c>EndWhole</c> there is no whole month, and every day is read by day.
    /// </summary>
    public static (DateOnly FirstWhole, DateOnly EndWhole) WholeMonths(DateOnly from, DateOnly to) =>
        (from.Day == 1 ? from : MonthOf(from).Next, to.AddDays(1).Day == 1 ? to.AddDays(1) : MonthOf(to).First);

    /// <summary>The days of <paramref name="from"/>–<paramref name="to"/> outside its whole months (<see cref="WholeMonths"/>), as day ranges (both ends included).</summary>
    public static IEnumerable<(DateOnly From, DateOnly To)> PartialDays(DateOnly from, DateOnly to)
    {
        var (firstWhole, endWhole) = WholeMonths(from, to);
        if (firstWhole >= endWhole)
        {
            yield return (from, to);
            yield break;
        }
        if (from < firstWhole) yield return (from, firstWhole.AddDays(-1));
        if (endWhole <= to) yield return (endWhole, to);
    }

    /// <summary>
    /// The days between <paramref name="from"/> and <paramref name="to"/> (both included; null: open) that are not in
    /// <paramref name="marked"/> (ascending), merged into UTC intervals [start, end) — null for an open end. The readers
    /// count the settled items of these intervals from the raw rows.
    /// </summary>
    public static List<(DateTime? FromUtc, DateTime? ToUtc)> Unmarked(IReadOnlyList<DateOnly> marked, DateOnly? from, DateOnly? to)
    {
        var result = new List<(DateTime?, DateTime?)>();
        // The first day not yet accounted for (null: from the beginning of time).
        DateOnly? next = from;
        foreach (var day in marked)
        {
            if ((from is { } first && day < first) || (to is { } last && day > last)) continue;
            if (next is null || day > next) result.Add((next is { } n ? Bounds(n).FromUtc : null, Bounds(day).FromUtc));
            next = day.AddDays(1);
        }
        if (to is null || next is null || next <= to) result.Add((next is { } s ? Bounds(s).FromUtc : null, to is { } t ? Bounds(t).ToUtc : null));
        return result;
    }

    /// <summary>A China day as the UTC interval [start, end).</summary>
    public static (DateTime FromUtc, DateTime ToUtc) Bounds(DateOnly day) => ChinaTime.Span(day, day);

    /// <summary>The China day of a family's first item (null: none yet), through the date column's index.</summary>
    private static async Task<DateOnly?> FirstDayAsync(GovernanceDbContext db, string family, CancellationToken ct)
    {
        var first = family switch
        {
            Messages => await db.CitizenMessages.MinAsync(m => (DateTime?)m.ReceivedAtUtc, ct),
            Replies => await db.CitizenMessages.Where(m => m.RepliedAtUtc != null).MinAsync(m => m.RepliedAtUtc, ct),
            Findings => await db.Findings.MinAsync(f => (DateTime?)f.FoundAtUtc, ct),
            FindingsClosed => await db.Findings.Where(f => f.ClosedAtUtc != null).MinAsync(f => f.ClosedAtUtc, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family of day figures"),
        };
        return first is { } at ? ChinaTime.Date(at) : null;
    }
}
