using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// 留言统计 (第19条(五)): a period (本月, 本季度, 本年 or two dates) → the figures by unit with a 合计 row, a bar chart of
/// 按时率 or 答复数 by unit, and the two Excel downloads (统计表, 公开版) for the same period.
/// </summary>
public sealed partial class MessageStatsPage
{
    [Inject] private MessageStatistics Statistics { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private StatsPeriodKind _kind = StatsPeriodKind.Month;
    private DateOnly _from, _to;
    private DateTime? _customFrom, _customTo;
    private MessageStatsReport? _report;
    private string? _error;
    private bool _chartRate = true;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    private DateOnly Today => ChinaTime.Date(Time.GetUtcNow().UtcDateTime);

    protected override async Task OnInitializedAsync()
    {
        (_from, _to) = StatsPeriod.Of(_kind, Today);
        await ComputeAsync();
    }

    private async Task KindChangedAsync(StatsPeriodKind kind)
    {
        _kind = kind;
        if (kind == StatsPeriodKind.Custom)
        {
            _customFrom ??= _from.ToDateTime(TimeOnly.MinValue);
            _customTo ??= _to.ToDateTime(TimeOnly.MinValue);
            return;
        }
        (_from, _to) = StatsPeriod.Of(kind, Today);
        await ComputeAsync();
    }

    private async Task SetCustomAsync(DateTime? from, DateTime? to)
    {
        if (from is not null) _customFrom = from;
        if (to is not null) _customTo = to;
        if (_customFrom is null || _customTo is null) return;
        var (f, t, error) = StatsPeriod.Parse(_customFrom.Value.ToString("yyyy-MM-dd"), _customTo.Value.ToString("yyyy-MM-dd"));
        _error = error;
        if (error is not null) return;
        (_from, _to) = (f, t);
        await ComputeAsync();
    }

    private async Task ComputeAsync()
    {
        _report = await Statistics.ComputeAsync(await CurrentActor.GetAsync(), _from, _to);
        _error = _report is null ? "无法统计该期间。" : null;
        BuildChart();
    }

    private void ChartChanged(bool rate)
    {
        _chartRate = rate;
        BuildChart();
    }

    /// <summary>One bar per unit (未分办 has no replies: left out): 按时率 in percent (0 when nothing was replied), or the number of replies.</summary>
    private void BuildChart()
    {
        var units = (_report?.Units ?? []).Where(u => u.UnitId is not null).ToList();
        _labels = units.Select(u => u.UnitName).ToArray();
        var values = units.Select(u => _chartRate ? Math.Round((u.OnTimeRate ?? 0) * 100, 1) : u.Replied).ToList();
        _series = [new ChartSeries<double> { Name = _chartRate ? "按时率（%）" : "已答复", Data = new ChartData<double>(values) }];
    }
}
