using Governance.Workflows.Definitions.Accountability;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Accountability;

/// <summary>The dashboard's and a unit page's monthly trend: two MudBlazor charts over the same months and a table of their figures.</summary>
public sealed partial class TrendCharts
{
    [Parameter, EditorRequired] public IReadOnlyList<TrendMonth> Trend { get; set; } = [];
    [Parameter] public string Height { get; set; } = "280px";
    /// <summary>Prefixes the element ids, so two trends on one page stay apart.</summary>
    [Parameter] public string IdPrefix { get; set; } = "trend";

    private string[] _labels = [];
    private List<ChartSeries<double>> _findingSeries = [];
    private List<ChartSeries<double>> _replySeries = [];

    private static readonly (string Label, string Key, Func<TrendMonth, int> Value)[] Rows =
    [
        ("新发现问题", "raised", m => m.FindingsRaised), ("已销号问题", "closed", m => m.FindingsClosed),
        ("按时答复留言", "on-time", m => m.RepliedOnTime), ("超期答复留言", "late", m => m.RepliedLate),
    ];

    // Whole numbers on the axis; zero always shown; the portal's red for what went wrong.
    private readonly LineChartOptions _lineOptions = new()
    {
        YAxisTicks = 1, MaxNumYAxisTicks = 8, YAxisFormat = "0", YAxisRequireZeroPoint = true, ShowDataMarkers = true,
        ChartPalette = ["#c62828", "#2e7d32"],
    };

    private readonly BarChartOptions _barOptions = new()
    {
        YAxisTicks = 1, MaxNumYAxisTicks = 8, YAxisFormat = "0", ChartPalette = ["#2e7d32", "#c62828"],
    };

    protected override void OnParametersSet()
    {
        _labels = Trend.Select(m => m.ShortLabel).ToArray();
        _findingSeries =
        [
            new() { Name = "新发现", Data = new ChartData<double>(Trend.Select(m => (double)m.FindingsRaised).ToArray()) },
            new() { Name = "已销号", Data = new ChartData<double>(Trend.Select(m => (double)m.FindingsClosed).ToArray()) },
        ];
        _replySeries =
        [
            new() { Name = "按时答复", Data = new ChartData<double>(Trend.Select(m => (double)m.RepliedOnTime).ToArray()) },
            new() { Name = "超期答复", Data = new ChartData<double>(Trend.Select(m => (double)m.RepliedLate).ToArray()) },
        ];
    }
}
