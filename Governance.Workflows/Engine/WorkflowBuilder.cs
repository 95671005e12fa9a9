namespace Governance.Workflows.Engine;

/// <summary>
/// Builds a <see cref="WorkflowDefinition"/> so that a definition file reads like a table: one line per state, one
/// block per trigger.
/// </summary>
public sealed class WorkflowBuilder(string key, int version, string displayName, string numberPrefix, string detailRoute)
{
    private readonly List<StateDefinition> _states = [];
    private readonly List<TriggerDefinition> _triggers = [];
    private readonly HashSet<Type> _ruleTypes = [];
    private string? _initial;

    /// <summary>
    /// A state: who acts in it (role + unit scope), its deadline, whether it is final, whether the fields may be edited in
    /// it, and its tone (the chip's colour; by default final states are <see cref="StateTone.Closed"/>, the initial one
    /// <see cref="StateTone.Neutral"/> and the others <see cref="StateTone.Info"/>).
    /// </summary>
    public WorkflowBuilder State(string name, string displayName, string? waitingFor = null, UnitScope scope = UnitScope.OwnerUnit,
        DeadlineRule? deadline = null, bool final = false, bool editable = false, bool initial = false, StateTone? tone = null,
        AttachmentRule? attachments = null)
    {
        var shown = tone ?? (final ? StateTone.Closed : initial ? StateTone.Neutral : StateTone.Info);
        // Final states are frozen whatever is asked; otherwise whoever the state waits for, in its scope.
        var files = final ? AttachmentRule.Frozen
            : attachments ?? (waitingFor is null ? AttachmentRule.Frozen : new AttachmentRule([waitingFor], scope));
        _states.Add(new StateDefinition(name, displayName, waitingFor, scope, deadline, final, editable, shown, files));
        if (initial) _initial = name;
        return this;
    }

    public TriggerBuilder Trigger(string name, string displayName) => new(this, name, displayName);

    internal WorkflowBuilder Add(TriggerDefinition t, IEnumerable<Type> ruleTypes)
    {
        _triggers.Add(t);
        _ruleTypes.UnionWith(ruleTypes);
        return this;
    }

    public WorkflowDefinition Build()
    {
        if (_initial is null) throw new InvalidOperationException($"{key}: no initial state");
        var names = _states.Select(s => s.Name).ToHashSet();
        foreach (var t in _triggers)
        {
            if ((t.To is not null && !names.Contains(t.To)) || t.From.Any(f => !names.Contains(f)))
                throw new InvalidOperationException($"{key}: trigger {t.Name} names an unknown state");
            if (t.ByRoles.Count == 0) throw new InvalidOperationException($"{key}: trigger {t.Name} has no role");
        }
        return new WorkflowDefinition
        {
            Key = key, Version = version, DisplayName = displayName, NumberPrefix = numberPrefix,
            InitialState = _initial, States = _states.ToArray(), Triggers = _triggers.ToArray(), DetailRoute = detailRoute,
            RuleTypes = _ruleTypes.ToArray(),
        };
    }

    public sealed class TriggerBuilder(WorkflowBuilder owner, string name, string displayName)
    {
        private string[] _from = [];
        private string? _to;
        private bool _stay;
        private string[] _roles = [];
        private UnitScope _scope = UnitScope.OwnerUnit;
        private bool _comment;
        private string[] _notSame = [];
        private ActionStyle _style = ActionStyle.Primary;
        private Func<TriggerContext, Task<Refusal?>>? _precondition;
        private Func<TriggerContext, Task<Refusal?>>? _guard;
        private Func<TriggerContext, Task>? _effect;
        private readonly List<InputField> _fields = [];
        private readonly List<Type> _ruleTypes = [];
        private string? _notifyCreator;

        public TriggerBuilder From(params string[] states) { _from = states; return this; }
        public TriggerBuilder To(string state) { _to = state; return this; }
        /// <summary>Records an action without leaving the state (its deadline keeps running).</summary>
        public TriggerBuilder Stay() { _stay = true; return this; }
        public TriggerBuilder By(string role, UnitScope scope) { _roles = [role]; _scope = scope; return this; }
        public TriggerBuilder By(string[] roles, UnitScope scope) { _roles = roles; _scope = scope; return this; }
        /// <summary>The reason/comment is required (退回, 驳回 …).</summary>
        public TriggerBuilder RequiresComment() { _comment = true; return this; }
        /// <summary>Separation of duty: not anyone who has fired one of these triggers on this instance.</summary>
        public TriggerBuilder NotBySameActorAs(params string[] triggers) { _notSame = triggers; return this; }
        public TriggerBuilder Style(ActionStyle style) { _style = style; return this; }

        /// <summary>What the item must satisfy; the button shows disabled with the reason while it does not.</summary>
        public TriggerBuilder Precondition(Func<TriggerContext, Task<Refusal?>> check) { _precondition = Chain(_precondition, check); return this; }
        public TriggerBuilder Precondition<TRules>(Func<TRules, TriggerContext, Task<Refusal?>> check) where TRules : notnull =>
            Uses<TRules>().Precondition(ctx => check(ctx.Rules<TRules>(), ctx));

        /// <summary>A check of the dialog's input, on fire.</summary>
        public TriggerBuilder Guard(Func<TriggerContext, Task<Refusal?>> guard) { _guard = Chain(_guard, guard); return this; }
        public TriggerBuilder Guard<TRules>(Func<TRules, TriggerContext, Task<Refusal?>> guard) where TRules : notnull =>
            Uses<TRules>().Guard(ctx => guard(ctx.Rules<TRules>(), ctx));

        public TriggerBuilder Effect(Func<TriggerContext, Task> effect)
        {
            var previous = _effect;
            _effect = previous is null ? effect : async ctx => { await previous(ctx); await effect(ctx); };
            return this;
        }
        public TriggerBuilder Effect<TRules>(Func<TRules, TriggerContext, Task> effect) where TRules : notnull =>
            Uses<TRules>().Effect(ctx => effect(ctx.Rules<TRules>(), ctx));

        public TriggerBuilder Field(string name, string label, bool required = true, string? hint = null)
        {
            _fields.Add(new InputField(name, label, required, hint));
            return this;
        }
        /// <summary>A tick box in the dialog (e.g. 政治关); required means it must be ticked.</summary>
        public TriggerBuilder Check(string name, string label, bool required = true)
        {
            _fields.Add(new InputField(name, label, required, Kind: FieldKind.Check));
            return this;
        }
        /// <summary>An active unit chosen in the dialog (its id); e.g. the unit a message is assigned to.</summary>
        public TriggerBuilder UnitField(string name, string label, bool required = true, string? hint = null)
        {
            _fields.Add(new InputField(name, label, required, hint, FieldKind.Unit));
            return this;
        }
        /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/> (checked on the server).</summary>
        public TriggerBuilder NumberField(string name, string label, int min, int max, bool required = true, string? hint = null)
        {
            _fields.Add(new InputField(name, label, required, hint, FieldKind.Number, min, max));
            return this;
        }
        /// <summary>Tell the item's creator when this trigger fires (e.g. "您的申请已被退回").</summary>
        public TriggerBuilder NotifyCreator(string message) { _notifyCreator = message; return this; }

        public WorkflowBuilder End() => owner.Add(new TriggerDefinition(name, displayName, _from,
            _stay ? null : _to ?? throw new InvalidOperationException($"trigger {name}: no target"), _roles, _scope, _comment, _notSame,
            _style, _precondition, _guard, _effect, _fields.ToArray(), _notifyCreator), _ruleTypes);

        private TriggerBuilder Uses<TRules>()
        {
            _ruleTypes.Add(typeof(TRules));
            return this;
        }

        private static Func<TriggerContext, Task<Refusal?>> Chain(Func<TriggerContext, Task<Refusal?>>? first, Func<TriggerContext, Task<Refusal?>> next) =>
            first is null ? next : async ctx => await first(ctx) ?? await next(ctx);
    }
}
