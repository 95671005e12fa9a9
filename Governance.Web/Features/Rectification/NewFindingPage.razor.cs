using Governance.Data.Entities;
using Governance.Workflows.Admin;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// A Monitor records a finding and issues it to its unit. The server decides everything (<see cref="FindingService.RaiseAsync"/>):
/// the page shows its reasons per field and changes nothing until they are met.
/// </summary>
public sealed partial class NewFindingPage
{
    [Inject] private FindingService Service { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;
    [Inject] private SettingsService Settings { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<Unit> _units = [];
    private IReadOnlyList<(int Id, string Path)> _columns = [];
    private IReadOnlyList<CampaignRow> _campaigns = [];
    private readonly Dictionary<FindingSeverity, int> _defaults = [];
    private Unit? _unit;
    private int? _columnId, _campaignId;
    private string _source = FindingSources.DailyMonitoring;
    private string? _category, _days, _url, _title, _description, _error;
    private FindingSeverity _severity = FindingSeverity.General;
    private Dictionary<string, string> _errors = [];
    private bool _busy;

    private int DefaultDays => _defaults.GetValueOrDefault(_severity, 5);

    protected override async Task OnInitializedAsync()
    {
        _units = (await Units.ListAsync()).Where(u => u.IsActive).ToList();
        _campaigns = await Service.CampaignsAsync();
        foreach (var s in FindingSeverities.All)
        {
            var (key, fallback) = FindingSeverities.Setting(s);
            _defaults[s] = await Settings.GetIntAsync(key, fallback);
        }
    }

    private Task<IEnumerable<Unit>> SearchUnits(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? _units.AsEnumerable() : _units.Where(u => u.Name.Contains(text.Trim(), StringComparison.Ordinal)));

    private async Task OnUnitChangedAsync(Unit? unit)
    {
        _unit = unit;
        _columnId = null;
        _columns = unit is null ? [] : await Service.ColumnsOfUnitAsync(unit.Id);
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _error = null;
        _errors = [];
        if (_unit is null) _errors["unit"] = "请选择整改单位";
        if (!FindingService.TryParseDays(_days, out var days)) _errors["workingDays"] = "整改时限须为整数";
        if (_errors.Count > 0)
        {
            _error = "请修改后再下发：" + string.Join("；", _errors.Values);
            return;
        }
        _busy = true;
        try
        {
            var result = await Service.RaiseAsync(new NewFinding(_unit!.Id, _source, _category ?? "", _severity, _title, _description ?? "", _url,
                _columnId, _campaignId, days), await CurrentActor.GetAsync());
            if (!result.Succeeded)
            {
                _error = result.Error;
                _errors = result.FieldErrors?.ToDictionary() ?? [];
                return;
            }
            Snackbar.Add($"已下发给{_unit.Name}。", Severity.Success);
            Navigation.NavigateTo($"/findings/{result.InstanceId}");
        }
        finally
        {
            _busy = false;
        }
    }
}
