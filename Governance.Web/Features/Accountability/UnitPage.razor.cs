using Governance.Web.Features.Shared;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Accountability;

/// <summary>
/// 单位情况: a unit's findings, messages, measures and lapsed columns over time, with its figures and its monthly trend.
/// County roles open any unit's (from the dashboard); a unit's own users open theirs (/units/mine). Another unit's page is
/// the not-found page, never its data (the service decides). Refreshes live when an item changes.
/// </summary>
public sealed partial class UnitPage : IDisposable
{
    /// <summary>The same words whether the unit does not exist or is another unit's: an id tells nothing.</summary>
    public const string NotFoundMessage = "单位不存在，或您无权查看。";

    [Inject] private AccountabilityDashboard Dashboard { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    /// <summary>The unit; none on /units/mine (the user's own).</summary>
    [Parameter] public int? Id { get; set; }

    private UnitPageView? _view;
    private bool _loaded;

    public sealed record SummaryItem(string Key, string Label, string Value, bool Alert);

    private static IEnumerable<SummaryItem> Summary(UnitFigures f) =>
    [
        new("open", "未销号问题", Text(f.OpenFindings), false),
        new("overdue", "超期未整改", Text(f.OverdueFindings), f.OverdueFindings > 0),
        new("rectified-rate", "按时整改率", UnitFigures.Percent(f.RectifiedOnTimeRate), f.RectifiedOnTimeRate < 1),
        new("messages-overdue", "超期未答复留言", Text(f.MessagesOverdue), f.MessagesOverdue > 0),
        new("stale", "超期、空白栏目", Text(f.StaleColumns + f.BlankColumns), f.StaleColumns + f.BlankColumns > 0),
        new("measures", "问责措施", Text(f.Measures), false),
    ];

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string OnTime(bool? onTime) => onTime switch { true => "是", false => "否", _ => "—" };

    protected override void OnInitialized() => _live = new LiveReload(Feed, InvokeAsync, async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _view = await Dashboard.UnitAsync(actor, Id ?? actor.UnitId);
        _loaded = true;
    }

    private LiveReload? _live;

    public void Dispose() => _live?.Dispose();
}
