using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Duties;

/// <summary>定期任务 list: the tasks the actor may see (the duty unit's own, county roles all), newest first; live refresh.</summary>
public sealed partial class DutyListPage : IDisposable
{
    [Inject] private DutyService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    private IReadOnlyList<DutyRow>? _rows;

    protected override async Task OnInitializedAsync()
    {
        Feed.InstanceChanged += OnChanged;
        _rows = await Service.ListAsync(await CurrentActor.GetAsync());
    }

    private void OnChanged(long id) => _ = InvokeAsync(async () =>
    {
        _rows = await Service.ListAsync(await CurrentActor.GetAsync());
        StateHasChanged();
    });

    public void Dispose() => Feed.InstanceChanged -= OnChanged;
}
