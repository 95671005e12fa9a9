using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Shared;

public sealed partial class WorkflowDetailShell
{
    [Inject] private WorkflowRuntime Runtime { get; set; } = default!;
    [Inject] private WorkflowModules Modules { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    [Parameter, EditorRequired] public long Id { get; set; }
    /// <summary>The workflow this page shows: an item of another workflow is "not found" here.</summary>
    [Parameter, EditorRequired] public string DefinitionKey { get; set; } = "";
    /// <summary>The workflow's own fields.</summary>
    [Parameter, EditorRequired] public RenderFragment<ItemView> Fields { get; set; } = default!;
    /// <summary>More panels under the main one (e.g. W2's pre-check).</summary>
    [Parameter] public RenderFragment<ItemView>? Main { get; set; }
    /// <summary>More panels beside the history (e.g. W2's revisions).</summary>
    [Parameter] public RenderFragment<ItemView>? Aside { get; set; }
    /// <summary>Loads the workflow's own data for the item just loaded (once per refresh).</summary>
    [Parameter] public Func<ItemView, Task>? OnLoaded { get; set; }
    /// <summary>Route of the edit page, with {0} for the id; the button shows when the user may edit.</summary>
    [Parameter] public string? EditRoute { get; set; }
    /// <summary>Text after the number in the header (e.g. " · 第 2 版").</summary>
    [Parameter] public string? Subtitle { get; set; }

    private ItemView? _view;
    private Actor? _actor;
    private string _diagram = "";
    private bool _notFound, _conflict;

    private WorkflowModule Module => Modules.Get(DefinitionKey);

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        await LoadAsync();
        Feed.InstanceChanged += OnInstanceChanged;
    }

    private async Task LoadAsync()
    {
        var view = await Runtime.LoadAsync(Id, _actor!);
        if (view is null || view.Instance.DefinitionKey != DefinitionKey)
        {
            (_notFound, _view) = (true, null);
            return;
        }
        if (OnLoaded is not null) await OnLoaded(view);
        if (_view is null || _view.Instance.State != view.Instance.State || _view.Definition != view.Definition)
            _diagram = WorkflowDiagram.ToMermaid(view.Definition, view.Instance.State);
        _view = view;
    }

    private async Task OnFiredAsync(FireResult result)
    {
        _conflict = result.Status == FireStatus.Conflict;
        await LoadAsync();
    }

    /// <summary>The page refreshed under an open action dialog: the banner says the same as the dialog.</summary>
    private void OnStale() => _conflict = true;

    private void OnInstanceChanged(InstanceChange change)
    {
        if (change.InstanceId != Id) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public void Dispose() => Feed.InstanceChanged -= OnInstanceChanged;
}
