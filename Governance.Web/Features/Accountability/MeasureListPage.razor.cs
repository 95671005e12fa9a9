using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Accountability;

/// <summary>问责措施 list: a unit sees the measures taken against it, county roles all; live refresh.</summary>
public sealed partial class MeasureListPage : IDisposable
{
    [Inject] private MeasureService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    private IReadOnlyList<MeasureRow>? _rows;

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
