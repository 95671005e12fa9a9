using Governance.Web.Features.Shared;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;
using W4 = Governance.Workflows.Definitions.Rectification.RectificationWorkflow;

namespace Governance.Web.Features.Accountability;

/// <summary>
/// 督查看板 (第20条–第22条): each unit's findings, messages, columns and measures, those with overdue work first; every figure
/// links to the list it counts; the monthly trend; the overdue items, each one click from a 约谈. Observers (第5条, 第20条(三))
/// read the same page without the measure buttons. Refreshes live when an item changes.
/// </summary>
public sealed partial class DashboardPage : IDisposable
{
    /// <summary>The county roles (第4条, 第5条): the officers, the supervising and monitoring offices, the observers, Admin.</summary>
    public const string PageRoles = $"{Roles.AccountabilityOfficer},{Roles.Observer},{Roles.Supervisor},{Roles.Monitor},{Roles.Admin}";

    [Inject] private AccountabilityDashboard Dashboard { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;

    private DashboardView? _view;
    private bool _loaded;

    /// <summary>A figure as a cell: its text, the list it drills down to (none for a zero), whether it is bad news.</summary>
    public sealed record Cell(string Text, string? Link, bool Alert = false);

    /// <summary>A column of the per-unit table: its short header, its full name (read aloud), what it counts, a unit's cell.</summary>
    public sealed record FigureColumn(string Key, string Header, string Name, string Hint, Func<UnitFigures, Cell> Of);

    public sealed record SummaryItem(string Key, string Label, int Value, string Link, bool Alert);

    public static string UnitLink(int unitId) => $"/units/{unitId}";

    private static Cell Count(int value, string link, bool alert = false) =>
        value == 0 ? new Cell("0", null) : new Cell(value.ToString(System.Globalization.CultureInfo.InvariantCulture), link, alert);

    private static string Findings(int unitId, string filter) => $"/findings?unit={unitId}&{filter}";

    /// <summary>The per-unit columns, each with its drill-down (the workflows' lists filtered as the figure counts).</summary>
    public static readonly FigureColumn[] Columns =
    [
        new("open", "未销号", "未销号问题", "已下发、未销号的整改问题", u => Count(u.OpenFindings, Findings(u.UnitId, "open=true"))),
        new("overdue", "超期未整改", "超期未整改问题", "仍在单位、已过整改时限（第21条 整改不及时）", u => Count(u.OverdueFindings, Findings(u.UnitId, "overdue=true"), true)),
        new("closed", "已销号", "已销号问题", "经核验销号的整改问题", u => Count(u.ClosedFindings, Findings(u.UnitId, $"state={W4.S.Closed}"))),
        new("rectified-rate", "按时整改率", "按时整改率", "按时整改 ÷ 已销号", u => new Cell(UnitFigures.Percent(u.RectifiedOnTimeRate),
            u.ClosedFindings == 0 ? null : Findings(u.UnitId, $"state={W4.S.Closed}"),
            u.RectifiedOnTimeRate < 1)),
        new("repeat", "重复发生", "重复发生问题", "同一栏目或网址、同类问题 90 日内再次发现", u => Count(u.RepeatFindings, Findings(u.UnitId, "repeat=true"), true)),
        new("messages-overdue", "超期未答复", "超期未答复留言", "已过答复时限仍未答复（第12条）", u => Count(u.MessagesOverdue, $"/messages?unit={u.UnitId}&overdue=true", true)),
        new("reply-rate", "按时答复率", "留言按时答复率", "按时答复 ÷ 已答复", u => new Cell(UnitFigures.Percent(u.ReplyOnTimeRate),
            u.MessagesReplied == 0 ? null : $"/messages?unit={u.UnitId}", u.ReplyOnTimeRate < 1)),
        new("stale", "超期栏目", "超期栏目", "超过更新周期未更新（第13条 不合格）", u => Count(u.StaleColumns, UnitLink(u.UnitId) + "#unit-columns", true)),
        new("blank", "空白栏目", "空白栏目", "栏目无内容", u => Count(u.BlankColumns, UnitLink(u.UnitId) + "#unit-columns", true)),
        new("measures", "问责措施", "问责措施", "已记录的问责措施（不含已撤销）", u => Count(u.Measures, UnitLink(u.UnitId) + "#unit-measures")),
    ];

    private static IEnumerable<SummaryItem> Summary(DashboardView v) =>
    [
        new("open", "未销号问题", v.Total.OpenFindings, "/findings?open=true", false),
        new("overdue", "超期未整改问题", v.Total.OverdueFindings, "/findings?overdue=true", v.Total.OverdueFindings > 0),
        new("messages-overdue", "超期未答复留言", v.Total.MessagesOverdue, "/messages?overdue=true", v.Total.MessagesOverdue > 0),
        new("stale", "超期、空白栏目", v.Total.StaleColumns + v.Total.BlankColumns, "/columns", v.Total.StaleColumns + v.Total.BlankColumns > 0),
        new("units-overdue", "有超期事项的单位", v.UnitsWithOverdueWork, "#unit-figures", v.UnitsWithOverdueWork > 0),
        new("measures", "问责措施", v.Total.Measures, "/measures", false),
    ];

    protected override async Task OnInitializedAsync()
    {
        _live = new LiveReload(Feed, InvokeAsync, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _view = await Dashboard.ForAsync(await CurrentActor.GetAsync());
        _loaded = true;
    }

    private LiveReload? _live;

    public void Dispose() => _live?.Dispose();
}
