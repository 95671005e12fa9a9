using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;

namespace Governance.Workflows.Volume;

/// <summary>A member of a unit's staff as the journal names them (the volume seeder's accounts and the demo accounts).</summary>
internal sealed record Staff(string UserId, string Name, string Role, int? UnitId, string? UnitName);

/// <summary>
/// One item's life replayed on its definition, without the runtime: the states it passes (the definition's own
/// transitions), the journal entry of each step, the deadline each waiting state opens (carried over within a span,
/// closed on leaving, with the reminder rows the planner would add — sent when their moment passed, cancelled when the
/// deadline closed first) and the instance's waiting columns — the rows <see cref="WorkflowRuntime"/> would have
/// written. Steps dated after "now" are not taken: the item stays in the state it has reached.
/// </summary>
internal sealed class VolumeTrack
{
    private readonly WorkflowDefinition _def;
    private readonly WorkingDayCalendar _calendar;
    private readonly DateTime _now;
    private readonly Func<StateDefinition, int?> _workingDays;
    private Deadline? _open;

    public VolumeTrack(WorkflowDefinition def, WorkingDayCalendar calendar, DateTime nowUtc, string number, string title, int ownerUnitId,
        int? handlingUnitId, Staff creator, DateTime createdAtUtc, Func<StateDefinition, int?>? workingDays = null)
    {
        (_def, _calendar, _now) = (def, calendar, nowUtc);
        _workingDays = workingDays ?? (_ => null);
        var initial = def.State(def.InitialState);
        Instance = new WorkflowInstance
        {
            DefinitionKey = def.Key, DefinitionVersion = def.Version, State = initial.Name, Title = title, Number = number,
            OwnerUnitId = ownerUnitId, HandlingUnitId = handlingUnitId, CreatedByUserId = creator.UserId, CreatedAtUtc = createdAtUtc,
            UpdatedAtUtc = createdAtUtc, StateEnteredAtUtc = createdAtUtc, StateEntrySeq = 1, Version = 1,
        };
        WorkflowRuntime.SetWaiting(Instance, initial);
        At = createdAtUtc;
        AddJournal(creator, WorkflowRuntime.CreateTrigger, "", initial.Name, null);
        OpenDeadline(initial);
    }

    public WorkflowInstance Instance { get; }
    public List<JournalEntry> Journal { get; } = [];
    public List<Deadline> Deadlines { get; } = [];
    /// <summary>When the last step was taken.</summary>
    public DateTime At { get; private set; }
    /// <summary>False once a step fell after "now": the item waits in its state and later steps are skipped.</summary>
    public bool Running { get; private set; } = true;
    public string State => Instance.State;
    /// <summary>The open deadline's due time (the state's own or the span's).</summary>
    public DateTime? DueAtUtc => _open?.DueAtUtc;

    /// <summary>
    /// Takes <paramref name="trigger"/> <paramref name="after"/> the last step, unless that moment is after "now" (then the
    /// item stops where it is). <paramref name="handTo"/>: the unit the step hands the item to (分办). False when not taken.
    /// </summary>
    public bool Fire(string trigger, TimeSpan after, Staff actor, string? comment = null, int? handTo = null, bool handOver = false)
    {
        if (!Running) return false;
        var at = At + after;
        if (at > _now)
        {
            Running = false;
            return false;
        }
        var t = _def.Trigger(trigger) ?? throw new InvalidOperationException($"{_def.Key} has no trigger {trigger}");
        if (!t.From.Contains(Instance.State)) throw new InvalidOperationException($"{_def.Key}: {trigger} is not permitted from {Instance.State}");
        At = at;
        var from = Instance.State;
        if (handOver || handTo is not null) Instance.HandlingUnitId = handTo;
        if (t.To is { } to)
        {
            var fromDef = _def.State(from);
            var toDef = _def.State(to);
            Instance.State = to;
            Instance.StateEntrySeq++;
            Instance.StateEnteredAtUtc = at;
            WorkflowRuntime.SetWaiting(Instance, toDef);
            if (_open is not null && fromDef.Deadline?.Span is { } span && toDef.Deadline?.Span == span && toDef.WaitingForRole is not null)
            {
                _open.State = to;
                _open.ResponsibleRole = toDef.WaitingForRole;
                _open.ResponsibleUnitId = Instance.WaitingForUnitId;
            }
            else
            {
                CloseDeadline(at);
                OpenDeadline(toDef);
            }
        }
        else if (handOver || handTo is not null) WorkflowRuntime.SetWaiting(Instance, _def.State(Instance.State));
        Instance.UpdatedAtUtc = at;
        Instance.Version++;
        AddJournal(actor, t.Name, from, Instance.State, comment);
        return true;
    }

    /// <summary>Sets the reminders of the open deadline that are still pending (the item is still open at "now").</summary>
    public void Finish()
    {
        if (_open is null) return;
        foreach (var r in _open.Reminders.Where(r => r.FireAtUtc <= _now))
        {
            // The sweep has sent what fell due before now.
            r.Status = ReminderStatus.Sent;
            r.SentAtUtc = r.FireAtUtc;
        }
    }

    private void AddJournal(Staff actor, string trigger, string from, string to, string? comment) =>
        Journal.Add(new JournalEntry
        {
            Seq = Journal.Count + 1, AtUtc = At, ActorUserId = actor.UserId, ActorName = actor.Name, ActorRole = actor.Role,
            ActorUnitId = actor.UnitId, ActorUnitName = actor.UnitName, Trigger = trigger, FromState = from, ToState = to, Comment = comment,
        });

    private void CloseDeadline(DateTime at)
    {
        if (_open is null) return;
        _open.ClosedAtUtc = at;
        Instance.DueAtUtc = null;
        foreach (var r in _open.Reminders)
        {
            if (r.FireAtUtc <= at)
            {
                r.Status = ReminderStatus.Sent;
                r.SentAtUtc = r.FireAtUtc;
            }
            else r.Status = ReminderStatus.Cancelled;
        }
        _open = null;
    }

    /// <summary>What <see cref="DeadlinePlanner.OpenAsync"/> adds on entering a waiting state (the setting's default length).</summary>
    private void OpenDeadline(StateDefinition state)
    {
        if (state.Deadline is not { } rule || state.WaitingForRole is null) return;
        var days = _workingDays(state) ?? rule.DefaultWorkingDays;
        var due = _calendar.DueAt(WorkingDayCalendar.ToChinaDate(At), Math.Max(1, days));
        var deadline = new Deadline
        {
            StateEntrySeq = Instance.StateEntrySeq, State = state.Name, ResponsibleRole = state.WaitingForRole,
            ResponsibleUnitId = Instance.WaitingForUnitId, StartedAtUtc = At, DueAtUtc = due.DueAtUtc, CalendarKnown = due.CalendarKnown,
        };
        var responsible = string.Join(',', rule.RemindRoles ?? [state.WaitingForRole]);
        foreach (var (level, fireAt) in DeadlinePlanner.FireTimes(rule, _calendar, due.DueDate, due.DueAtUtc))
        {
            if (fireAt <= At && level is not (ReminderLevel.Overdue or ReminderLevel.Escalation)) continue;
            deadline.Reminders.Add(new Reminder
            {
                Level = level, FireAtUtc = fireAt, Status = ReminderStatus.Pending,
                NotifyRoles = level == ReminderLevel.Escalation ? string.Join(',', rule.EscalateTo) : responsible,
            });
        }
        Deadlines.Add(deadline);
        _open = deadline;
        Instance.DueAtUtc = deadline.DueAtUtc;
    }

    /// <summary>Gives every row the instance's id once the instance has been saved.</summary>
    public void SetInstanceId()
    {
        foreach (var j in Journal) j.InstanceId = Instance.Id;
        foreach (var d in Deadlines) d.InstanceId = Instance.Id;
    }
}
