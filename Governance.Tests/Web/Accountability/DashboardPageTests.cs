using AngleSharp.Dom;
using Bunit;
using Governance.Tests.Support;
using Governance.Tests.Web.CitizenMessages;
using Governance.Tests.Workflows.Accountability;
using Governance.Web.Features.Accountability;
using Governance.Web.Features.Inbox;
using Governance.Web.Features.Rectification;
using Microsoft.AspNetCore.Components;

namespace Governance.Tests.Web.Accountability;

/// <summary>
/// The 督查看板, 单位情况 and 工作台 screens on <see cref="DashboardDataSet"/> (figures worked out there by hand), as each role
/// sees them: the officer drills down and records measures; Observers read the same figures with no measure button (第5条);
/// a unit's users see their own unit's page only, another unit's is the not-found page with none of its data.
/// </summary>
public sealed class DashboardPageTests(DashboardDataSet data) : BunitTestContext, IClassFixture<DashboardDataSet>
{
    private WorkflowTestHost Host => data.Host;

    private async Task<IRenderedComponent<T>> RenderAsync<T>(string userName, string waitFor, Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        await MessageScreens.SignInAsync(this, Host, userName);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = Render(parameters);
        cut.WaitForElement(waitFor);
        return cut;
    }

    private static IElement Row(IRenderedComponent<DashboardPage> cut, string unit) => cut.Find($"#unit-figures tr[data-unit='{unit}']");

    private static string Text(IElement row, string col) => row.QuerySelector($"td[data-col='{col}']")!.TextContent.Trim();

    private static string? Href(IElement row, string col) => row.QuerySelector($"td[data-col='{col}'] a")?.GetAttribute("href");

    [Fact]
    public async Task Officer_SeesUnitsWithOverdueWorkFirst_EachFigureLinksToItsList_AndOneClickMeasures()
    {
        var cut = await RenderAsync<DashboardPage>("accountability", "#unit-figures");

        Assert.Equal([DashboardDataSet.Finance, DashboardDataSet.Education, DashboardDataSet.Development, "合计"],
            cut.FindAll("#unit-figures tbody tr").Select(r => r.GetAttribute("data-unit")));
        var edu = Row(cut, DashboardDataSet.Education);
        Assert.Equal(["2", "1", "3", "67%", "1", "1", "50%", "1", "1", "1"], DashboardPage.Columns.Select(c => Text(edu, c.Key)));
        var id = data.EducationId;
        Assert.Equal($"/findings?unit={id}&open=true", Href(edu, "open"));
        Assert.Equal($"/findings?unit={id}&overdue=true", Href(edu, "overdue"));
        Assert.Equal($"/findings?unit={id}&state=Closed", Href(edu, "closed"));
        Assert.Equal($"/findings?unit={id}&repeat=true", Href(edu, "repeat"));
        Assert.Equal($"/messages?unit={id}&overdue=true", Href(edu, "messages-overdue"));
        Assert.Equal($"/units/{id}#unit-columns", Href(edu, "stale"));
        Assert.Equal($"/units/{id}#unit-measures", Href(edu, "measures"));
        Assert.Equal($"/units/{id}", edu.QuerySelector("[data-unit-link]")!.GetAttribute("href"));
        // A zero is no link; a unit with nothing replied has no rate.
        var finance = Row(cut, DashboardDataSet.Finance);
        Assert.Null(Href(finance, "closed"));
        Assert.Equal(("—", "—"), (Text(finance, "rectified-rate"), Text(finance, "reply-rate")));
        Assert.Equal(["5", "3", "3", "67%", "1", "2", "50%", "2", "1", "1"], DashboardPage.Columns.Select(c => Text(Row(cut, "合计"), c.Key)));

        Assert.Equal(new[] { data.F2, data.M3, data.M4, data.F7, data.F8 }.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            cut.FindAll("#overdue-items tbody tr").Select(r => r.GetAttribute("data-item")));
        var oneClick = cut.Find($"[data-record-measure='{data.F2}']");
        Assert.Equal($"/measures/new?unit={id}&link={data.F2}&kind=%E7%BA%A6%E8%B0%88", oneClick.GetAttribute("href"));
        Assert.Contains("记录约谈", oneClick.TextContent);
        Assert.Equal(3, cut.FindAll("[data-unit-measure]").Count);
        Assert.NotNull(cut.Find("#to-new-measure"));
        Assert.Empty(cut.FindAll("#read-only"));
        // The trend, as charts and as the table beside them: March 2026 last.
        Assert.NotNull(cut.Find("#trend-findings-chart svg"));
        Assert.Equal(["7", "2", "1", "1"], cut.FindAll("#trend-trend-table tbody tr").Select(r => r.QuerySelectorAll("td").Last().TextContent.Trim()));
    }

    [Fact]
    public async Task Observer_ReadsTheSameFigures_WithoutAnyMeasureButton()
    {
        var cut = await RenderAsync<DashboardPage>("observer", "#unit-figures");

        Assert.Equal(["2", "1", "3", "67%", "1", "1", "50%", "1", "1", "1"],
            DashboardPage.Columns.Select(c => Text(Row(cut, DashboardDataSet.Education), c.Key)));
        Assert.Equal(5, cut.FindAll("#overdue-items tbody tr").Count);
        Assert.Empty(cut.FindAll("[data-record-measure]"));
        Assert.Empty(cut.FindAll("[data-unit-measure]"));
        Assert.Empty(cut.FindAll("#to-new-measure"));
        Assert.DoesNotContain("/measures/new", cut.Markup);
        Assert.Contains("只读", cut.Find("#read-only").TextContent);
    }

    [Fact]
    public async Task UnitUser_GetsNoDashboardFigures()
    {
        var cut = await RenderAsync<DashboardPage>("editor", "#not-allowed");

        Assert.Empty(cut.FindAll("#unit-figures"));
        Assert.DoesNotContain(DashboardDataSet.Finance, cut.Markup);
    }

    [Fact]
    public async Task UnitUser_SeesOwnUnitsPageWithTheMeasure_NoMeasureButton()
    {
        var cut = await RenderAsync<UnitPage>("editor", "#unit-name");

        Assert.Equal(DashboardDataSet.Education, cut.Find("#unit-name").TextContent.Trim());
        var measure = cut.Find($"#unit-measure-table tr[data-measure='{data.Interview}']");
        Assert.Contains("约谈", measure.TextContent);
        Assert.Contains("已记录", measure.TextContent);
        Assert.Equal(6, cut.FindAll("#unit-finding-table tbody tr").Count);
        Assert.Equal(3, cut.FindAll("#unit-message-table tbody tr").Count);
        Assert.Equal(["工作动态", "通知公告"], cut.FindAll("#unit-column-table tbody tr")
            .Select(r => r.QuerySelector("td")!.TextContent.Trim()).Select(p => p[(p.LastIndexOf('/') + 1)..]));
        Assert.Empty(cut.FindAll("#record-measure"));
        Assert.Empty(cut.FindAll("a[href='/dashboard']"));
    }

    [Fact]
    public async Task UnitUser_AnotherUnitsPage_IsNotFound_WithNoneOfItsData()
    {
        var cut = await RenderAsync<UnitPage>("editor", "#not-found", p => p.Add(x => x.Id, data.FinanceId));

        Assert.Equal(UnitPage.NotFoundMessage, cut.Find("#not-found").TextContent.Trim());
        Assert.DoesNotContain(DashboardDataSet.Finance, cut.Markup);
        Assert.DoesNotContain(DashboardDataSet.Title("F7"), cut.Markup);
        Assert.Empty(cut.FindAll("#unit-finding-table"));
    }

    [Fact]
    public async Task Observer_SeesAnyUnitsPage_ReadOnly()
    {
        var cut = await RenderAsync<UnitPage>("observer", "#unit-name", p => p.Add(x => x.Id, data.FinanceId));

        Assert.Equal(DashboardDataSet.Finance, cut.Find("#unit-name").TextContent.Trim());
        Assert.Contains(DashboardDataSet.Title("F7"), cut.Find("#unit-finding-table").TextContent);
        Assert.Equal("2", cut.Find("[data-summary='overdue'] h5").TextContent.Trim());
        Assert.Empty(cut.FindAll("#record-measure"));
        Assert.DoesNotContain("/measures/new", cut.Markup);
    }

    [Fact]
    public async Task Officer_UnitPage_OffersTheMeasure()
    {
        var cut = await RenderAsync<UnitPage>("accountability", "#unit-name", p => p.Add(x => x.Id, data.DevelopmentId));

        Assert.Equal($"/measures/new?unit={data.DevelopmentId}&kind=%E7%BA%A6%E8%B0%88", cut.Find("#record-measure").GetAttribute("href"));
        Assert.NotNull(cut.Find("#no-measures"));
    }

    [Fact]
    public async Task Inbox_Officer_HasTheDashboardCardWithTheOverdueCount()
    {
        var cut = await RenderAsync<InboxPage>("accountability", "#card-dashboard");

        Assert.Equal("5", cut.Find("#card-dashboard [data-count]").TextContent.Trim());
        Assert.Contains("超期未整改问题 3 项，超期未答复留言 2 项", cut.Find("#card-dashboard").TextContent);
        Assert.Equal("/dashboard", cut.Find("[data-card-link='dashboard']").GetAttribute("href"));
    }

    [Fact]
    public async Task Inbox_UnitUser_HasNoCard()
    {
        var cut = await RenderAsync<InboxPage>("editor", "#inbox-table");

        Assert.Empty(cut.FindAll("#inbox-cards"));
    }

    [Fact]
    public async Task FindingPage_Officer_HasTheMeasureButton()
    {
        var officer = await RenderAsync<FindingDetailPage>("accountability", "#finding-description", p => p.Add(x => x.Id, data.F2));
        Assert.Equal($"/measures/new?unit={data.EducationId}&link={data.F2}&kind=%E7%BA%A6%E8%B0%88", officer.Find("#record-measure").GetAttribute("href"));
    }

    [Fact]
    public async Task FindingPage_Observer_HasNoMeasureButton()
    {
        var observer = await RenderAsync<FindingDetailPage>("observer", "#finding-description", p => p.Add(x => x.Id, data.F2));
        Assert.Empty(observer.FindAll("#record-measure"));
    }
}
