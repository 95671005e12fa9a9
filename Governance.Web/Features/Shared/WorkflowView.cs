using Governance.Data.Entities;
using Governance.Workflows.Engine;

namespace Governance.Web.Features.Shared;

/// <summary>
/// What every workflow detail page shows around its own fields: the definition the item runs on, the buttons this user
/// may press, the journal, the diagram with the current state, and whether the fields may be edited.
/// </summary>
public sealed record WorkflowView(WorkflowDefinition Definition, IReadOnlyList<AvailableAction> Actions, IReadOnlyList<JournalEntry> Journal,
    string Diagram, bool CanEdit)
{
    public static async Task<WorkflowView> LoadAsync(WorkflowRuntime runtime, WorkflowInstance instance, Actor actor, CancellationToken ct = default)
    {
        var def = runtime.Registry.Get(instance.DefinitionKey, instance.DefinitionVersion);
        return new WorkflowView(def,
            await runtime.AvailableActionsAsync(instance.Id, actor, ct),
            await runtime.JournalAsync(instance.Id, actor, ct),
            WorkflowDiagram.ToMermaid(def, instance.State),
            WorkflowRuntime.AuthorizeEdit(def, instance, actor) is null);
    }
}
