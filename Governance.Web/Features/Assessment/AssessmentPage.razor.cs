using Governance.Data.Entities;
using Governance.Web.Features.Shared;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Assessment;

/// <summary>
/// 年度考核 (第20条(二)): a year → each unit's rank, score and the figures behind it, the formula with the weights in force,
/// the Excel export; Admin edits the weights here (each audited), the other roles read them with their reasons.
/// </summary>
public sealed partial class AssessmentPage
{
    [Inject] private AnnualAssessment Assessment { get; set; } = default!;
    [Inject] private SettingsService Settings { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private sealed class WeightValue(AssessmentWeight weight)
    {
        public AssessmentWeight Weight { get; } = weight;
        public int Value { get; set; }
    }

    private AssessmentReport? _report;
    private int _year;
    private int[] _years = [];
    private List<WeightValue> _weights = [];
    private MudForm? _form;
    private Actor? _actor;
    private bool _isAdmin, _busy;
    private List<string> _errors = [];

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _isAdmin = _actor.IsInRole(Roles.Admin);
        _year = ChinaTime.Date(Time.GetUtcNow().UtcDateTime).Year;
        _years = Enumerable.Range(0, 5).Select(i => _year - i).ToArray();
        await ComputeAsync();
    }

    private async Task YearChangedAsync(int year)
    {
        _year = year;
        await ComputeAsync();
    }

    private async Task ComputeAsync()
    {
        _report = await Assessment.ComputeAsync(_actor!, _year);
        if (_report is not null) _weights = AssessmentWeights.All.Select(w => new WeightValue(w) { Value = _report.Weights[w.Key] }).ToList();
    }

    private static string? Check(WeightValue w, int v) =>
        v < w.Weight.Min || v > w.Weight.Max ? $"{w.Weight.Label}须在 {w.Weight.Min} 至 {w.Weight.Max} 之间。" : null;

    private void ResetToDefaults()
    {
        foreach (var w in _weights) w.Value = w.Weight.Default;
    }

    private async Task SaveAsync()
    {
        await _form!.ValidateAsync();
        if (!_form.IsValid) return;
        _busy = true;
        try
        {
            _errors = [.. await AssessmentWeights.SaveAsync(Settings, _actor!, _weights.ToDictionary(w => w.Weight.Key, w => w.Value))];
            if (_errors.Count == 0)
            {
                Snackbar.Add("计分规则已保存，考核结果已重新计算。", Severity.Success);
                await ComputeAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
