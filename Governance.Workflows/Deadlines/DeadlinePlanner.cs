using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Deadlines;

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
        var open = await db.Deadlines.Include(d => d.Reminders)
            .Where(d => d.InstanceId == instanceId && d.ClosedAtUtc == null).ToListAsync(ct);
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
        var days = await settings.GetIntAsync(rule.SettingKey, rule.DefaultWorkingDays, ct);
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
        var responsible = state.WaitingForRole;
        void Add(ReminderLevel level, DateTime fireAt, string roles)
        {
            // A reminder whose moment lies before the state was entered would only be noise.
            if (fireAt > nowUtc || level is ReminderLevel.Overdue or ReminderLevel.Escalation)
                deadline.Reminders.Add(new Reminder { Level = level, FireAtUtc = fireAt, Status = ReminderStatus.Pending, NotifyRoles = roles });
        }
        if (rule.Levels.HasFlag(ReminderLevels.Before))
            Add(ReminderLevel.Before, ChinaMorningUtc(calendar.PreviousWorkingDay(due.DueDate)), responsible);
        if (rule.Levels.HasFlag(ReminderLevels.DueDay))
            Add(ReminderLevel.Due, ChinaMorningUtc(due.DueDate), responsible);
        var afterDue = due.DueAtUtc.AddSeconds(1);
        if (rule.Levels.HasFlag(ReminderLevels.Overdue)) Add(ReminderLevel.Overdue, afterDue, responsible);
        if (rule.Levels.HasFlag(ReminderLevels.Escalation) && rule.EscalateTo.Count > 0)
            Add(ReminderLevel.Escalation, afterDue, string.Join(',', rule.EscalateTo));
        db.Deadlines.Add(deadline);
        return deadline;
    }

    internal static DateTime ChinaMorningUtc(DateOnly chinaDate) =>
        DateTime.SpecifyKind(chinaDate.ToDateTime(TimeOnly.MinValue) + MorningChina - TimeSpan.FromHours(8), DateTimeKind.Utc);
}
