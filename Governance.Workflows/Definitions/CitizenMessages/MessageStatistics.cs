using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>One unit's figures for a period (第19条(五) 留言受理反馈情况统计数据).</summary>
public sealed record UnitMessageStats(int? UnitId, string UnitName, int Received, int Assigned, int Replied, int RepliedOnTime,
    int OverdueOpen, int RepliedLate, int Returned, int Extended, int Invalid, double? AverageWorkingDaysToReply,
    double? AverageWorkingDaysSinceReceipt)
{
    /// <summary>Replied on time ÷ replied; null when nothing was replied.</summary>
    public double? OnTimeRate => Replied == 0 ? null : (double)RepliedOnTime / Replied;
    public int Overdue => OverdueOpen + RepliedLate;
}

/// <summary>One message of the period as the full (internal) statistics export lists it: no citizen's name or contacts.</summary>
public sealed record MessageStatsDetail(string Number, string Title, string Category, string Channel, string? Unit, string StateName,
    DateTime ReceivedAtUtc, DateTime? RepliedAtUtc, bool? RepliedOnTime, int ExtensionDays, int ReturnCount);

public sealed record MessageStatsReport(DateOnly From, DateOnly To, IReadOnlyList<UnitMessageStats> Units, UnitMessageStats Total);

/// <summary>The replies that went out in one China month: by their deadline, and after it.</summary>
public sealed record MonthlyReplies(int Year, int Month, int OnTime, int Late);

/// <summary>
/// W3 statistics by unit over messages received in a period (China dates, both ends included). A message counts for the
/// unit that replied, else the unit handling it, else 未分办; returns count for the unit that returned it. Working days
/// to reply run from the replying unit's assignment (its own period), and since receipt for the whole.
/// </summary>
public sealed class MessageStatistics(IDbContextFactory<GovernanceDbContext> dbFactory, CalendarStore calendars, TimeProvider time)
{
    public const string Unassigned = "未分办";

    public async Task<MessageStatsReport?> ComputeAsync(Actor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // 第19条(五), 第20条: the figures are for the county roles; a unit sees its own row through its list.
        if (!actor.SeesAllUnits || to < from) return null;
        return await ComputeCoreAsync(from, to, null, ct);
    }

    /// <summary>
    /// One unit's row of the same figures (its page, 第20条–第22条): for the county roles and the unit's own users; null for
    /// anyone else, so another unit's figures are never shown.
    /// </summary>
    public async Task<UnitMessageStats?> ComputeForUnitAsync(Actor actor, int unitId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if ((!actor.SeesAllUnits && actor.UnitId != unitId) || to < from) return null;
        var report = await ComputeCoreAsync(from, to, unitId, ct);
        return report.Units.FirstOrDefault(u => u.UnitId == unitId);
    }

    private async Task<MessageStatsReport> ComputeCoreAsync(DateOnly from, DateOnly to, int? onlyUnitId, CancellationToken ct)
    {
        var fromUtc = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var toUtc = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from m in db.CitizenMessages.AsNoTracking()
            where m.ReceivedAtUtc >= fromUtc && m.ReceivedAtUtc < toUtc
            join i in db.WorkflowInstances on m.InstanceId equals i.Id
            where onlyUnitId == null || (m.RepliedByUnitId ?? i.HandlingUnitId) == onlyUnitId
            select new
            {
                m.InstanceId, m.ReceivedAtUtc, m.FirstAssignedAtUtc, m.AssignedAtUtc, m.RepliedAtUtc, m.RepliedOnTime, m.RepliedByUnitId,
                m.ExtensionDays, m.IsInvalid, i.HandlingUnitId,
                // The open reply deadline (not the Monitor's dispatch deadline), kept on the instance.
                OpenDue = i.State != CitizenMessageWorkflow.S.Received && i.State != CitizenMessageWorkflow.S.Returned ? i.DueAtUtc : null,
            }).ToListAsync(ct);
        // Returns count for the unit that returned the message, wherever it went next.
        var returns = await (
            from j in db.JournalEntries.AsNoTracking()
            where j.Trigger == CitizenMessageWorkflow.T.Return && (onlyUnitId == null || j.ActorUnitId == onlyUnitId)
            join m in db.CitizenMessages on j.InstanceId equals m.InstanceId
            where m.ReceivedAtUtc >= fromUtc && m.ReceivedAtUtc < toUtc
            select j)
            .GroupBy(j => j.ActorUnitId).Select(g => new { Unit = g.Key, Count = g.Select(j => j.InstanceId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Unit ?? 0, g => g.Count, ct);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.Name, u.SortOrder), ct);
        var calendar = await calendars.GetAsync(ct);

        UnitMessageStats Figures(int? unitId, IReadOnlyCollection<(DateTime Received, DateTime? First, DateTime? Assigned, DateTime? Replied,
            bool? OnTime, int Ext, bool Invalid, DateTime? OpenDue)> g)
        {
            var replied = g.Where(x => x.Replied is not null).ToList();
            double? Avg(Func<(DateTime Received, DateTime? First, DateTime? Assigned, DateTime? Replied, bool? OnTime, int Ext, bool Invalid,
                DateTime? OpenDue), DateTime?> start)
            {
                var days = replied.Where(x => start(x) is not null)
                    .Select(x => calendar.WorkingDaysBetween(ChinaTime.Date(start(x)!.Value), ChinaTime.Date(x.Replied!.Value))).ToList();
                return days.Count == 0 ? null : Math.Round(days.Average(), 2);
            }
            var name = unitId is { } id && units.TryGetValue(id, out var u) ? u.Name : Unassigned;
            return new UnitMessageStats(unitId, name, g.Count, g.Count(x => x.First is not null), replied.Count, replied.Count(x => x.OnTime == true),
                g.Count(x => x.Replied is null && !x.Invalid && x.OpenDue is { } due && due < now), replied.Count(x => x.OnTime == false),
                unitId is { } rid ? returns.GetValueOrDefault(rid) : 0, g.Count(x => x.Ext > 0), g.Count(x => x.Invalid),
                Avg(x => x.Assigned ?? x.First), Avg(x => x.Received));
        }

        var byUnit = rows.GroupBy(r => r.RepliedByUnitId ?? r.HandlingUnitId)
            .Select(g => Figures(g.Key, g.Select(x => (x.ReceivedAtUtc, x.FirstAssignedAtUtc, x.AssignedAtUtc, x.RepliedAtUtc, x.RepliedOnTime,
                x.ExtensionDays, x.IsInvalid, x.OpenDue)).ToList()))
            .ToList();
        // Units that only returned messages still show their returns.
        foreach (var (unitId, count) in returns.Where(r => r.Key != 0 && byUnit.All(u => u.UnitId != r.Key)))
            byUnit.Add(new UnitMessageStats(unitId, units.TryGetValue(unitId, out var u) ? u.Name : "", 0, 0, 0, 0, 0, 0, count, 0, 0, null, null));
        // One unit asked for: its row even when it had no message in the period.
        if (onlyUnitId is { } only && byUnit.All(u => u.UnitId != only))
            byUnit.Add(new UnitMessageStats(only, units.TryGetValue(only, out var o) ? o.Name : "", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null));
        var ordered = byUnit.OrderBy(u => u.UnitId is { } id && units.TryGetValue(id, out var x) ? x.SortOrder : int.MaxValue).ThenBy(u => u.UnitName).ToList();
        var total = Figures(null, rows.Select(x => (x.ReceivedAtUtc, x.FirstAssignedAtUtc, x.AssignedAtUtc, x.RepliedAtUtc, x.RepliedOnTime,
            x.ExtensionDays, x.IsInvalid, x.OpenDue)).ToList()) with { UnitName = "合计", Returned = returns.Where(r => r.Key != 0).Sum(r => r.Value) };
        return new MessageStatsReport(from, to, ordered, total);
    }

    /// <summary>
    /// 超期未答复: not answered, not set aside, and past the reply deadline of the unit it was handed to (the Monitor's
    /// dispatch deadline does not count) — what <see cref="UnitMessageStats.OverdueOpen"/> counts and the list's 超期 filter shows.
    /// </summary>
    /// <remarks>
    /// Driven by the instance's open deadline (index (DefinitionKey, DueAtUtc): only what is past due is read); the open
    /// deadline's state is the instance's state (a span's deadline is carried over with it).
    /// </remarks>
    public static IQueryable<CitizenMessage> OverdueOpen(GovernanceDbContext db, DateTime nowUtc) =>
        from i in db.WorkflowInstances.AsNoTracking()
        where i.DefinitionKey == CitizenMessageWorkflow.Key && i.DueAtUtc < nowUtc
              && i.State != CitizenMessageWorkflow.S.Received && i.State != CitizenMessageWorkflow.S.Returned
        join m in db.CitizenMessages.AsNoTracking() on i.Id equals m.InstanceId
        where m.RepliedAtUtc == null && !m.IsInvalid
        select m;

    /// <summary>
    /// The dashboard's message figures of every unit over all messages, counted in SQL (nothing loaded per message):
    /// replies and replies on time by the unit that replied, 超期未答复 by the unit holding the message — the same figures as
    /// <see cref="ComputeAsync"/>'s Replied, RepliedOnTime and OverdueOpen. County roles only; null for anyone else.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, (int Replied, int RepliedOnTime, int OverdueOpen)>?> CountsByUnitAsync(Actor actor,
        CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits) return null;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Index (RepliedByUnitId, RepliedOnTime): read from the index alone, in unit order (no sort). The replying unit is
        // recorded with the reply (CitizenMessageRules.RecordReply), so it stands for "replied".
        var replies = await db.CitizenMessages.AsNoTracking().Where(m => m.RepliedByUnitId != null)
            .GroupBy(m => m.RepliedByUnitId!.Value)
            .Select(g => new { Unit = g.Key, Replied = g.Count(), OnTime = g.Count(m => m.RepliedOnTime == true) })
            .ToListAsync(ct);
        var overdue = await (
                from m in OverdueOpen(db, now)
                join i in db.WorkflowInstances on m.InstanceId equals i.Id
                where i.HandlingUnitId != null
                group m by i.HandlingUnitId!.Value into g
                select new { Unit = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var result = new Dictionary<int, (int Replied, int RepliedOnTime, int OverdueOpen)>();
        foreach (var r in replies) result[r.Unit] = (r.Replied, r.OnTime, 0);
        foreach (var o in overdue) result[o.Unit] = result.GetValueOrDefault(o.Unit) with { OverdueOpen = o.Count };
        return result;
    }

    /// <summary>
    /// The replies by China month of reply (the trend on the dashboard and a unit's page), grouped in SQL: county-wide for the
    /// county roles, or one unit's (the unit that replied) for them and that unit's own users; null for anyone else.
    /// Months without a reply are left out.
    /// </summary>
    public async Task<IReadOnlyList<MonthlyReplies>?> MonthlyRepliesAsync(Actor actor, DateOnly firstMonth, int months, int? unitId = null,
        CancellationToken ct = default)
    {
        if (unitId is null ? !actor.SeesAllUnits : (!actor.SeesAllUnits && actor.UnitId != unitId)) return null;
        var first = new DateOnly(firstMonth.Year, firstMonth.Month, 1);
        var fromUtc = ChinaTime.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var endUtc = ChinaTime.ToUtc(first.AddMonths(months).ToDateTime(TimeOnly.MinValue));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.CitizenMessages.AsNoTracking().Where(m => m.RepliedAtUtc >= fromUtc && m.RepliedAtUtc < endUtc && m.RepliedOnTime != null);
        if (unitId is { } u) q = q.Where(m => m.RepliedByUnitId == u);
        // The China month: UTC + 8 hours, then its year and month (strftime in SQLite).
        var rows = await q.Select(m => new { At = m.RepliedAtUtc!.Value.AddHours(8), OnTime = m.RepliedOnTime == true })
            .GroupBy(x => new { x.At.Year, x.At.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, OnTime = g.Count(x => x.OnTime), Late = g.Count(x => !x.OnTime) })
            .ToListAsync(ct);
        return rows.Select(r => new MonthlyReplies(r.Year, r.Month, r.OnTime, r.Late)).OrderBy(r => r.Year).ThenBy(r => r.Month).ToList();
    }

    /// <summary>
    /// The messages the figures count (received in the period), for the internal export: number, title, unit, state,
    /// times and outcome — never the citizen's name or contacts. County roles only, like <see cref="ComputeAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<MessageStatsDetail>?> DetailsAsync(Actor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!actor.SeesAllUnits || to < from) return null;
        var fromUtc = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var toUtc = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from m in db.CitizenMessages.AsNoTracking()
            where m.ReceivedAtUtc >= fromUtc && m.ReceivedAtUtc < toUtc
            join i in db.WorkflowInstances on m.InstanceId equals i.Id
            orderby m.ReceivedAtUtc, i.Id
            select new
            {
                i.Number, m.Title, m.Category, m.Channel, i.State, m.ReceivedAtUtc, m.RepliedAtUtc, m.RepliedOnTime, m.ExtensionDays, m.ReturnCount,
                Unit = db.Units.Where(u => u.Id == (m.RepliedByUnitId ?? i.HandlingUnitId)).Select(u => u.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var def = CitizenMessageWorkflow.Definition;
        return rows.Select(r => new MessageStatsDetail(r.Number, r.Title, r.Category, r.Channel, r.Unit, def.StateDisplayName(r.State),
            r.ReceivedAtUtc, r.RepliedAtUtc, r.RepliedOnTime, r.ExtensionDays, r.ReturnCount)).ToList();
    }
}
