using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Shared;

/// <summary>
/// A list page that reads its rows for the signed-in actor and reads them again when any item changes. Changes arriving
/// together are coalesced into one reload per circuit (at most one pending), so a burst of actions across the county is
/// one query per open list, not one per action.
/// </summary>
public abstract class LiveListPage<TRow> : ComponentBase, IDisposable
{
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    private int _reloadPending;
    private bool _disposed;

    protected IReadOnlyList<TRow>? Rows { get; private set; }

    protected abstract Task<IReadOnlyList<TRow>> LoadAsync(Actor actor);

    protected override async Task OnInitializedAsync()
    {
        Feed.InstanceChanged += OnChanged;
        Rows = await LoadAsync(await CurrentActor.GetAsync());
    }

    private void OnChanged(long instanceId)
    {
        if (Interlocked.Exchange(ref _reloadPending, 1) == 1) return;
        _ = InvokeAsync(async () =>
        {
            await Task.Delay(250);
            Interlocked.Exchange(ref _reloadPending, 0);
            if (_disposed) return;
            Rows = await LoadAsync(await CurrentActor.GetAsync());
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        _disposed = true;
        Feed.InstanceChanged -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
