using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Shared;

/// <summary>
/// A list page that reads its rows for the signed-in actor and reads them again when items change, paced by
/// <see cref="LiveReload"/>.
/// </summary>
public abstract class LiveListPage<TRow> : ComponentBase, IDisposable
{
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    private LiveReload? _live;

    protected IReadOnlyList<TRow>? Rows { get; private set; }

    protected abstract Task<IReadOnlyList<TRow>> LoadAsync(Actor actor);

    protected override async Task OnInitializedAsync()
    {
        var actor = await CurrentActor.GetAsync();
        // The rows are what the actor may see: their unit's changes reload them, other units' do not.
        _live = new LiveReload(Feed, InvokeAsync, async () =>
        {
            Rows = await LoadAsync(actor);
            StateHasChanged();
        }, actor);
        Rows = await LoadAsync(actor);
    }

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
