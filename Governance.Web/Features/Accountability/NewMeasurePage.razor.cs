using Governance.Data.Entities;
using Governance.Workflows.Admin;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Accountability;

/// <summary>
/// An officer records a measure. Deep link from an overdue item (the dashboard, a finding): ?unit=12&amp;link=345 preselects
/// the unit and ticks the item. The server decides (<see cref="MeasureService.RecordAsync"/>); its reasons show per field.
/// </summary>
public sealed partial class NewMeasurePage
{
    [Inject] private MeasureService Service { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unit")] public int? UnitParam { get; set; }
    [SupplyParameterFromQuery(Name = "link")] public long? LinkParam { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] public string? KindParam { get; set; }

    private IReadOnlyList<Unit> _units = [];
    private IReadOnlyList<LinkedItem> _linkable = [];
    private readonly HashSet<long> _links = [];
    private Unit? _unit;
    private string? _kind, _reason, _replyDays, _error;
    private DateTime? _date;
    private Dictionary<string, string> _errors = [];
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        _units = (await Units.ListAsync()).Where(u => u.IsActive).ToList();
        _date = ChinaTime.Date(Time.GetUtcNow().UtcDateTime).ToDateTime(TimeOnly.MinValue);
        if (KindParam is { } k && MeasureKinds.All.Contains(k)) _kind = k;
        if (UnitParam is { } unitId && _units.FirstOrDefault(u => u.Id == unitId) is { } unit)
        {
            await OnUnitChangedAsync(unit);
            if (LinkParam is { } link && _linkable.Any(l => l.Id == link)) _links.Add(link);
        }
    }

    private Task<IEnumerable<Unit>> SearchUnits(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? _units.AsEnumerable() : _units.Where(u => u.Name.Contains(text.Trim(), StringComparison.Ordinal)));

    private async Task OnUnitChangedAsync(Unit? unit)
    {
        _unit = unit;
        _links.Clear();
        _linkable = unit is null ? [] : await Service.LinkableAsync(unit.Id);
    }

    private void Toggle(long id, bool on)
    {
        if (on) _links.Add(id);
        else _links.Remove(id);
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _error = null;
        _errors = [];
        if (_unit is null) _errors["unit"] = "请选择单位";
        if (_date is null) _errors["date"] = "请选择措施日期";
        if (!FindingService.TryParseDays(_replyDays, out var days)) _errors["replyDays"] = "回复时限须为整数";
        if (_errors.Count > 0)
        {
            _error = "请修改后再记录：" + string.Join("；", _errors.Values);
            return;
        }
        _busy = true;
        try
        {
            var result = await Service.RecordAsync(new NewMeasure(_unit!.Id, _kind ?? "", DateOnly.FromDateTime(_date!.Value), _reason ?? "",
                _links.ToList(), days), await CurrentActor.GetAsync());
            if (!result.Succeeded)
            {
                _error = result.Error;
                _errors = result.FieldErrors?.ToDictionary() ?? [];
                return;
            }
            Snackbar.Add($"已记录：{_kind}（{_unit.Name}）。", Severity.Success);
            Navigation.NavigateTo($"/measures/{result.InstanceId}");
        }
        finally
        {
            _busy = false;
        }
    }
}
