using Governance.Data.Entities;

namespace Governance.Workflows.Engine;

/// <summary>Whose unit an actor must belong to for a trigger or a waiting state.</summary>
public enum UnitScope
{
    /// <summary>The actor's unit must be the item's owner unit (Editors, UnitReviewers).</summary>
    OwnerUnit,
    /// <summary>Any unit: county-level roles (Supervisor, Monitor …).</summary>
    AnyUnit,
    /// <summary>A unit taking part in the item without owning it (W2: the units it concerns, 第19条(三)).</summary>
    ParticipantUnit,
}

public enum ActionStyle { Primary, Secondary, Danger }

/// <summary>Reminder levels a waiting state's deadline raises (SPEC.md "Deadlines").</summary>
[Flags]
public enum ReminderLevels
{
    None = 0,
    Before = 1,
    DueDay = 2,
    Overdue = 4,
    Escalation = 8,
}

/// <summary>"N working days from entering the state", the length read from a setting so Admin can change it.</summary>
public sealed record DeadlineRule(
    string SettingKey,
    int DefaultWorkingDays,
    ReminderLevels Levels,
    IReadOnlyList<string> EscalateTo);

public sealed record StateDefinition(
    string Name,
    string DisplayName,
    string? WaitingForRole,
    UnitScope WaitingScope,
    DeadlineRule? Deadline,
    bool IsFinal,
    bool Editable);

/// <summary>What a trigger hands to a guard, a validator or an effect.</summary>
public sealed class TriggerContext
{
    public required WorkflowInstance Instance { get; init; }
    public required Actor Actor { get; init; }
    public required string ActingRole { get; init; }
    public required FireInput Input { get; init; }
    public required Data.GovernanceDbContext Db { get; init; }
    /// <summary>Application services a guard or effect needs (e.g. the pre-check rules).</summary>
    public required IServiceProvider Services { get; init; }
    public required DateTime NowUtc { get; init; }
    /// <summary>Structured data the effect wants in the journal entry (serialized to JSON).</summary>
    public Dictionary<string, string?> JournalData { get; } = [];
}

/// <summary>A refusal a guard or validator returns: a Chinese message, optionally per field.</summary>
public sealed record Refusal(string Message, IReadOnlyDictionary<string, string>? FieldErrors = null);

public sealed record TriggerDefinition(
    string Name,
    string DisplayName,
    IReadOnlyList<string> From,
    /// <summary>The target state; null for an action that records something and stays (Stateless internal transition:
    /// the state's deadline keeps running).</summary>
    string? To,
    IReadOnlyList<string> ByRoles,
    UnitScope Scope,
    bool CommentRequired,
    IReadOnlyList<string> NotSameActorAs,
    ActionStyle Style,
    Func<TriggerContext, Task<Refusal?>>? Guard,
    Func<TriggerContext, Task>? Effect,
    IReadOnlyList<InputField> Fields,
    string? NotifyCreatorAs);

/// <summary>
/// An extra input a trigger asks for in its dialog (e.g. the column's URL at setup, a tick of 政治关). A check field's
/// value is "true" when ticked; a required check must be ticked.
/// </summary>
public sealed record InputField(string Name, string Label, bool Required, string? Hint = null, bool IsCheck = false);

/// <summary>A workflow definition as code: states, triggers, who may fire them, deadlines. Immutable once built.</summary>
public sealed class WorkflowDefinition
{
    public required string Key { get; init; }
    public required int Version { get; init; }
    public required string DisplayName { get; init; }
    public required string NumberPrefix { get; init; }
    public required string InitialState { get; init; }
    public required IReadOnlyList<StateDefinition> States { get; init; }
    public required IReadOnlyList<TriggerDefinition> Triggers { get; init; }
    /// <summary>Route of the item's detail page, with {0} for the instance id.</summary>
    public required string DetailRoute { get; init; }

    public StateDefinition State(string name) =>
        States.FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"Unknown state {name} in {Key} v{Version}");

    public TriggerDefinition? Trigger(string name) => Triggers.FirstOrDefault(t => t.Name == name);

    public string StateDisplayName(string name) => States.FirstOrDefault(s => s.Name == name)?.DisplayName ?? name;

    public string TriggerDisplayName(string name) => Triggers.FirstOrDefault(t => t.Name == name)?.DisplayName ?? name switch
    {
        WorkflowRuntime.CreateTrigger => "创建",
        WorkflowRuntime.EditTrigger => "修改",
        _ => name,
    };

    public string Link(long instanceId) => string.Format(System.Globalization.CultureInfo.InvariantCulture, DetailRoute, instanceId);
}

/// <summary>Every definition in every version, looked up by (key, version) so instances keep the version they started on.</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<(string, int), WorkflowDefinition> _byVersion = [];
    private readonly Dictionary<string, WorkflowDefinition> _latest = [];

    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions)
    {
        foreach (var d in definitions)
        {
            _byVersion.Add((d.Key, d.Version), d);
            if (!_latest.TryGetValue(d.Key, out var cur) || cur.Version < d.Version) _latest[d.Key] = d;
        }
    }

    public WorkflowDefinition Get(string key, int version) =>
        _byVersion.TryGetValue((key, version), out var d) ? d
            : throw new InvalidOperationException($"Definition {key} v{version} is not registered");

    public WorkflowDefinition Latest(string key) =>
        _latest.TryGetValue(key, out var d) ? d : throw new InvalidOperationException($"Definition {key} is not registered");

    public IEnumerable<WorkflowDefinition> LatestAll => _latest.Values;
}
