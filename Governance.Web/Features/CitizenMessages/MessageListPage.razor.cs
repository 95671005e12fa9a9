using Governance.Workflows.Admin;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Governance.Web.Features.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// 网民留言 list: county roles see every message, a unit what it handles or answered (the service decides); paged and
/// sorted in SQL; the days left coloured by urgency; live refresh when a message changes.
/// </summary>
public sealed partial class MessageListPage : IDisposable
{
    [Inject] private CitizenMessageService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;

    /// <summary>Deep links from the dashboard and a unit's page: ?unit=12 (what it handles or answered), ?overdue=true (超期未答复).</summary>
    [SupplyParameterFromQuery(Name = "unit")] public int? Unit { get; set; }
    [SupplyParameterFromQuery(Name = "overdue")] public bool? Overdue { get; set; }

    private MudDataGrid<MessageRow>? _grid;
    private readonly MessageQuery _query = new();
    private string? _unitName;
    /// <summary>More messages than the list counts (<see cref="CitizenMessageService.CountLimit"/>): the pager says so.</summary>
    private bool _totalCapped;
    private const string CappedInfo = "第 {first_item}-{last_item} 条，超过 {all_items} 条（请用状态、单位或关键词筛选）";
    private static WorkflowDefinition Def => CitizenMessageWorkflow.Definition;

    protected override async Task OnInitializedAsync()
    {
        // The rows are what the actor may see: their unit's changes reload them, other units' do not.
        _live = new LiveReload(Feed, InvokeAsync, async () =>
        {
            if (_grid is not null) await _grid.ReloadServerData();
        }, await CurrentActor.GetAsync());
        _query.OverdueOnly = Overdue == true;
        _query.UnitId = Unit;
        if (Unit is { } unitId) _unitName = (await Units.ListAsync(includeInactive: true)).FirstOrDefault(u => u.Id == unitId)?.Name ?? "";
    }

    private async Task SetAsync(Action change)
    {
        change();
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task<GridData<MessageRow>> LoadAsync(GridState<MessageRow> state, CancellationToken ct)
    {
        var actor = await CurrentActor.GetAsync();
        var sort = state.SortDefinitions.FirstOrDefault();
        _query.SortBy = sort?.SortBy switch
        {
            nameof(MessageRow.Number) => "number",
            nameof(MessageRow.State) => "state",
            nameof(MessageRow.HandlingUnit) => "handling",
            nameof(MessageRow.ReceivedAtUtc) => "received",
            nameof(MessageRow.DueAtUtc) => "due",
            _ => "due",
        };
        _query.Descending = sort?.Descending ?? false;
        _query.Page = state.Page;
        _query.PageSize = state.PageSize;
        var page = await Service.ListAsync(actor, _query, ct);
        _totalCapped = page.TotalCapped;
        return new GridData<MessageRow> { Items = page.Rows, TotalItems = page.Total };
    }

    /// <summary>
    /// The working days left before the reply (or dispatch) deadline: past it red 已超期; due today red; one day left
    /// orange; otherwise plain. Nothing for a message with no open deadline (replied, closed, invalid).
    /// </summary>
    public static (string Text, string Css) DaysLeft(MessageRow row, DateTime nowUtc) => DaysLeftText.For(row.WorkingDaysLeft, row.DueAtUtc, nowUtc);

    private LiveReload? _live;

    public void Dispose() => _live?.Dispose();
}
