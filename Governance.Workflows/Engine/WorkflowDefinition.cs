using Governance.Data.Entities;
using Microsoft.Extensions.DependencyInjection;

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
    /// <summary>
    /// The unit the item has been handed to (a message assigned to a bureau, a finding issued to a town); while the item
    /// has not been handed over, its owner unit.
    /// </summary>
    HandlingUnit,
}

public enum ActionStyle { Primary, Secondary, Danger }

/// <summary>How a state is shown (the colour of its chip): what the state means to the person reading a list.</summary>
public enum StateTone
{
    /// <summary>Not started yet (草稿).</summary>
    Neutral,
    /// <summary>Under way, waiting for someone.</summary>
    Info,
    /// <summary>Needs attention of the one who started it (退回修改).</summary>
    Warning,
    /// <summary>Done as hoped (运行, 已发布, 已办结).</summary>
    Success,
    /// <summary>Ended without success (驳回, 撤回).</summary>
    Danger,
    /// <summary>Put away (归档).</summary>
    Closed,
}

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

/// <summary>
/// "N working days from entering the state" (the day itself not counted), the length read from a setting so Admin can
/// change it. States whose rules share a <paramref name="Span"/> share one deadline: moving between them keeps it running
/// (W3: the 4 working days to reply run from the assignment through 签收, drafting and 答复审核). The levels before and on
/// the due day go to <paramref name="RemindRoles"/> in the responsible unit (by default the role the state waits for).
/// </summary>
public sealed record DeadlineRule(
    string SettingKey,
    int DefaultWorkingDays,
    ReminderLevels Levels,
    IReadOnlyList<string> EscalateTo,
    string? Span = null,
    IReadOnlyList<string>? RemindRoles = null)
{
    /// <summary>
    /// The item's own number of working days, when it has one (W4: a finding's severity, or the figure the Monitor set);
    /// null falls back to the setting. Read when the deadline opens, in the transition's unit of work.
    /// </summary>
    public Func<Data.GovernanceDbContext, WorkflowInstance, CancellationToken, Task<int?>>? WorkingDaysOf { get; init; }

    /// <summary>How the settings page names the setting, when the state's name would not say it.</summary>
    public string? Label { get; init; }
}

/// <summary>
/// Who may add or remove attachments while an item is in a state: its roles within its scope. Final states are frozen
/// (第15条: what was approved or closed no longer changes). By default a state's attachments are open to whoever it
/// waits for, in its scope.
/// </summary>
public sealed record AttachmentRule(IReadOnlyList<string> Roles, UnitScope Scope)
{
    public static readonly AttachmentRule Frozen = new([], UnitScope.AnyUnit);

    public bool IsFrozen => Roles.Count == 0;
}

public sealed record StateDefinition(
    string Name,
    string DisplayName,
    string? WaitingForRole,
    UnitScope WaitingScope,
    DeadlineRule? Deadline,
    bool IsFinal,
    bool Editable,
    StateTone Tone,
    AttachmentRule Attachments);

/// <summary>What a trigger hands to a precondition, a guard or an effect.</summary>
public sealed class TriggerContext
{
    private readonly IServiceProvider _services;

    internal TriggerContext(IServiceProvider services) => _services = services;

    public required WorkflowInstance Instance { get; init; }
    public required Actor Actor { get; init; }
    public required string ActingRole { get; init; }
    public required FireInput Input { get; init; }
    /// <summary>The operation's unit of work: reads and writes here commit (or roll back) with the transition.</summary>
    public required Data.GovernanceDbContext Db { get; init; }
    public required DateTime NowUtc { get; init; }
    /// <summary>The item's journal so far (oldest first).</summary>
    public required IReadOnlyList<JournalEntry> Journal { get; init; }
    /// <summary>Structured data the effect wants in the journal entry (serialized to JSON).</summary>
    public Dictionary<string, string?> JournalData { get; } = [];

    /// <summary>The unit the effect hands the item to (null: back to its owner); the runtime applies and journals it.</summary>
    internal (int? UnitId, bool Set) HandOverRequest { get; private set; }

    /// <summary>Hands the item to <paramref name="unitId"/> (or back to the owner with null): the waiting scope follows it.</summary>
    public void HandOver(int? unitId) => HandOverRequest = (unitId, true);

    /// <summary>Users the effect notified itself (e.g. a chase); their bells refresh after the commit.</summary>
    public List<string> Notified { get; } = [];

    /// <summary>The rules object a definition named with <c>Guard&lt;T&gt;</c>/<c>Effect&lt;T&gt;</c>; checked at start.</summary>
    internal T Rules<T>() where T : notnull => _services.GetRequiredService<T>();
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
    /// <summary>What the item itself must satisfy (not the dialog's input): checked for the button, which is shown
    /// disabled with the reason when it fails, and again on fire.</summary>
    Func<TriggerContext, Task<Refusal?>>? Precondition,
    /// <summary>Checked on fire, with the dialog's input.</summary>
    Func<TriggerContext, Task<Refusal?>>? Guard,
    Func<TriggerContext, Task>? Effect,
    IReadOnlyList<InputField> Fields,
    string? NotifyCreatorAs);

public enum FieldKind
{
    Text,
    /// <summary>A tick; its value is "true" when ticked, and a required one must be ticked.</summary>
    Check,
    /// <summary>An active unit, chosen from a searchable list; its value is the unit id.</summary>
    Unit,
    /// <summary>A whole number (e.g. extra working days).</summary>
    Number,
}

/// <summary>
/// An extra input a trigger asks for in its dialog (e.g. the column's URL at setup, a tick of 政治关, the unit a message
/// is assigned to).
/// </summary>
public sealed record InputField(string Name, string Label, bool Required, string? Hint = null, FieldKind Kind = FieldKind.Text,
    int Min = 0, int Max = 0)
{
    public bool IsCheck => Kind == FieldKind.Check;
}

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
    /// <summary>The rules classes its guards and effects resolve; each must be registered (checked at start).</summary>
    public required IReadOnlyList<Type> RuleTypes { get; init; }

    public StateDefinition State(string name) =>
        States.FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"Unknown state {name} in {Key} v{Version}");

    public TriggerDefinition? Trigger(string name) => Triggers.FirstOrDefault(t => t.Name == name);

    public string StateDisplayName(string name) => States.FirstOrDefault(s => s.Name == name)?.DisplayName ?? name;

    public StateTone StateTone(string name) => States.FirstOrDefault(s => s.Name == name)?.Tone ?? Engine.StateTone.Info;

    public string TriggerDisplayName(string name) => Triggers.FirstOrDefault(t => t.Name == name)?.DisplayName ?? name switch
    {
        WorkflowRuntime.CreateTrigger => "创建",
        WorkflowRuntime.EditTrigger => "修改",
        WorkflowRuntime.AttachTrigger => "上传附件",
        WorkflowRuntime.DetachTrigger => "删除附件",
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

    public bool Contains(string key) => _latest.ContainsKey(key);

    public IEnumerable<WorkflowDefinition> LatestAll => _latest.Values;

    public IEnumerable<WorkflowDefinition> All => _byVersion.Values;
}
