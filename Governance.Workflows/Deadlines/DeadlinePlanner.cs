using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Deadlines;

/// <summary>The open deadline of an item: the one query every reader uses (newest state entry first).</summary>
public static class OpenDeadlines
{
    public static IQueryable<Deadline> OpenFor(this IQueryable<Deadline> deadlines, long instanceId) =>
        deadlines.Where(d => d.InstanceId == instanceId && d.ClosedAtUtc == null).OrderByDescending(d => d.StateEntrySeq);
}

/// <summary>
/// Opens a waiting state's deadline (with its reminder rows) on entering the state and closes it on leaving.
/// Deadlines are data in our own tables; the sweep only reads them.
/// </summary>
public sealed class DeadlinePlanner(CalendarStore calendars, SettingsService settings)
{
    /// <summary>Reminders during the working day are sent at 09:00 China Standard Time.</summary>
    private static readonly TimeSpan MorningChina = TimeSpan.FromHours(9);

    /// <summary>Closes the instance's open deadline and cancels its pending reminders (tracked changes, not saved).</summary>
    public static async Task CloseOpenAsync(GovernanceDbContext db, long instanceId, DateTime nowUtc, CancellationToken ct)
    {
        var open = await db.Deadlines.Include(d => d.Reminders).OpenFor(instanceId).ToListAsync(ct);
        if (await db.WorkflowInstances.FindAsync([instanceId], ct) is { } instance) instance.DueAtUtc = null;
        foreach (var d in open)
        {
            d.ClosedAtUtc = nowUtc;
            foreach (var r in d.Reminders.Where(r => r.Status == ReminderStatus.Pending)) r.Status = ReminderStatus.Cancelled;
        }
    }

    /// <summary>Adds the deadline of the state just entered, if it carries one (tracked, not saved).</summary>
    public async Task<Deadline?> OpenAsync(GovernanceDbContext db, WorkflowInstance instance, StateDefinition state,
        DateTime nowUtc, CancellationToken ct)
    {
        if (state.Deadline is not { } rule || state.WaitingForRole is null) return null;
        var days = rule.WorkingDaysOf is { } own && await own(db, instance, ct) is { } itsOwn
            ? itsOwn : await settings.GetIntAsync(rule.SettingKey, rule.DefaultWorkingDays, ct);
        var calendar = await calendars.GetAsync(ct);
        var startDate = WorkingDayCalendar.ToChinaDate(nowUtc);
        var due = calendar.DueAt(startDate, Math.Max(1, days));
        var deadline = new Deadline
        {
            InstanceId = instance.Id,
            StateEntrySeq = instance.StateEntrySeq,
            State = state.Name,
            ResponsibleRole = state.WaitingForRole,
            ResponsibleUnitId = instance.WaitingForUnitId,
            StartedAtUtc = nowUtc,
            DueAtUtc = due.DueAtUtc,
            CalendarKnown = due.CalendarKnown,
        };
        var responsible = string.Join(',', rule.RemindRoles ?? [state.WaitingForRole]);
        void Add(ReminderLevel level, DateTime fireAt, string roles)
        {
            // A reminder whose moment lies before the state was entered would only be noise.
            if (fireAt > nowUtc || level is ReminderLevel.Overdue or ReminderLevel.Escalation)
                deadline.Reminders.Add(new Reminder { Level = level, FireAtUtc = fireAt, Status = ReminderStatus.Pending, NotifyRoles = roles });
        }
        foreach (var (level, fireAt) in FireTimes(rule, calendar, due.DueDate, due.DueAtUtc))
            Add(level, fireAt, level == ReminderLevel.Escalation ? string.Join(',', rule.EscalateTo) : responsible);
        db.Deadlines.Add(deadline);
        instance.DueAtUtc = deadline.DueAtUtc;
        return deadline;
    }

    /// <summary>When each level of a rule fires for a deadline due at the end of <paramref name="dueDate"/>.</summary>
    internal static IEnumerable<(ReminderLevel Level, DateTime FireAtUtc)> FireTimes(DeadlineRule rule, WorkingDayCalendar calendar, DateOnly dueDate,
        DateTime dueAtUtc)
    {
        if (rule.Levels.HasFlag(ReminderLevels.Before)) yield return (ReminderLevel.Before, ChinaMorningUtc(calendar.PreviousWorkingDay(dueDate)));
        if (rule.Levels.HasFlag(ReminderLevels.DueDay)) yield return (ReminderLevel.Due, ChinaMorningUtc(dueDate));
        var afterDue = dueAtUtc.AddSeconds(1);
        if (rule.Levels.HasFlag(ReminderLevels.Overdue)) yield return (ReminderLevel.Overdue, afterDue);
        if (rule.Levels.HasFlag(ReminderLevels.Escalation) && rule.EscalateTo.Count > 0) yield return (ReminderLevel.Escalation, afterDue);
    }

    /// <summary>
    /// Moves the open deadline of <paramref name="instanceId"/> by <paramref name="extraWorkingDays"/> (an approved
    /// extension, 延期): the due time and every reminder move with it; a reminder already sent for the old due time is
    /// armed again for the new one (its notifications are keyed by the fire time, so each is still sent once).
    /// Returns the new due time, or null when no deadline is open. Tracked changes, not saved.
    /// </summary>
    public async Task<DateTime?> ExtendAsync(GovernanceDbContext db, long instanceId, StateDefinition state, int extraWorkingDays, DateTime nowUtc,
        CancellationToken ct)
    {
        if (state.Deadline is not { } rule) return null;
        var open = await db.Deadlines.Include(d => d.Reminders).OpenFor(instanceId).FirstOrDefaultAsync(ct);
        if (open is null) return null;
        var calendar = await calendars.GetAsync(ct);
        var due = calendar.DueAt(WorkingDayCalendar.ToChinaDate(open.DueAtUtc), extraWorkingDays);
        open.DueAtUtc = due.DueAtUtc;
        open.CalendarKnown &= due.CalendarKnown;
        if (await db.WorkflowInstances.FindAsync([instanceId], ct) is { } instance) instance.DueAtUtc = open.DueAtUtc;
        var times = FireTimes(rule, calendar, due.DueDate, due.DueAtUtc).ToDictionary(t => t.Level, t => t.FireAtUtc);
        foreach (var r in open.Reminders)
        {
            if (!times.TryGetValue(r.Level, out var fireAt) || r.Status == ReminderStatus.Cancelled) continue;
            r.FireAtUtc = fireAt;
            if (r.Status == ReminderStatus.Sent && fireAt > nowUtc) r.Status = ReminderStatus.Pending;
        }
        return open.DueAtUtc;
    }

    /// <summary>
    /// A transition between two states of the same deadline span: the open deadline keeps running and now names the new
    /// state and who acts (tracked, not saved). False when the two states do not share a span.
    /// </summary>
    public static async Task<bool> CarryOverAsync(GovernanceDbContext db, WorkflowInstance instance, StateDefinition from, StateDefinition to,
        CancellationToken ct)
    {
        if (from.Deadline?.Span is not { } span || to.Deadline?.Span != span || to.WaitingForRole is null) return false;
        var open = await db.Deadlines.OpenFor(instance.Id).FirstOrDefaultAsync(ct);
        if (open is null) return false;
        open.State = to.Name;
        open.ResponsibleRole = to.WaitingForRole;
        open.ResponsibleUnitId = instance.WaitingForUnitId;
        return true;
    }

    internal static DateTime ChinaMorningUtc(DateOnly chinaDate) =>
        DateTime.SpecifyKind(chinaDate.ToDateTime(TimeOnly.MinValue) + MorningChina - TimeSpan.FromHours(8), DateTimeKind.Utc);
}
