using Governance.Data.Entities;
using Governance.Web.Features.Shared;
using Governance.Workflows.Admin;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// 整改跟踪 list: county roles see every finding (and may filter by unit), a unit those issued to it; paged and sorted in
/// SQL (most urgent first); repeats marked; live refresh when a finding changes.
/// </summary>
public sealed partial class FindingListPage : IDisposable
{
    [Inject] private FindingService Service { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>Deep links from the dashboard and the 工作台: ?overdue=true, ?unit=12, ?state=Submitted, ?open=true, ?repeat=true.</summary>
    [SupplyParameterFromQuery(Name = "overdue")] public bool? Overdue { get; set; }
    [SupplyParameterFromQuery(Name = "unit")] public int? Unit { get; set; }
    [SupplyParameterFromQuery(Name = "state")] public string? State { get; set; }
    /// <summary>?campaign=3: the findings of one inspection campaign (from 检查批次与通报).</summary>
    [SupplyParameterFromQuery(Name = "campaign")] public int? Campaign { get; set; }
    [SupplyParameterFromQuery(Name = "open")] public bool? Open { get; set; }
    [SupplyParameterFromQuery(Name = "repeat")] public bool? Repeat { get; set; }

    private MudDataGrid<FindingRow>? _grid;
    private readonly FindingQuery _query = new();
    private IReadOnlyList<Unit>? _units;
    /// <summary>The campaign the list is filtered to (?campaign=), shown as a chip that clears it.</summary>
    private string? _campaignName;
    private static WorkflowDefinition Def => RectificationWorkflow.Definition;

    protected override async Task OnInitializedAsync()
    {
        // The rows are what the actor may see: their unit's changes reload them, other units' do not.
        _live = new LiveReload(Feed, InvokeAsync, async () =>
        {
            if (_grid is not null) await _grid.ReloadServerData();
        }, await CurrentActor.GetAsync());
        _query.OverdueOnly = Overdue == true;
        _query.UnitId = Unit;
        _query.State = State;
        _query.CampaignId = Campaign;
        _query.OpenOnly = Open == true;
        _query.RepeatOnly = Repeat == true;
        if (Campaign is { } campaign) _campaignName = (await Service.CampaignsAsync()).FirstOrDefault(c => c.Id == campaign)?.Name;
        var actor = await CurrentActor.GetAsync();
        if (actor.SeesAllUnits) _units = await Units.ListAsync();
    }

    private Task ClearCampaignAsync() => SetAsync(() => (_query.CampaignId, _campaignName) = (null, null));

    private async Task SetAsync(Action change)
    {
        change();
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task<GridData<FindingRow>> LoadAsync(GridState<FindingRow> state, CancellationToken ct)
    {
        var actor = await CurrentActor.GetAsync();
        var sort = state.SortDefinitions.FirstOrDefault();
        _query.SortBy = sort?.SortBy switch
        {
            nameof(FindingRow.Number) => "number",
            nameof(FindingRow.State) => "state",
            nameof(FindingRow.HandlingUnit) => "handling",
            nameof(FindingRow.FoundAtUtc) => "found",
            nameof(FindingRow.Severity) => "severity",
            _ => "due",
        };
        _query.Descending = sort?.Descending ?? false;
        _query.Page = state.Page;
        _query.PageSize = state.PageSize;
        var page = await Service.ListAsync(actor, _query, ct);
        return new GridData<FindingRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private LiveReload? _live;

    public void Dispose() => _live?.Dispose();
}
