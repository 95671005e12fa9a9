using Bunit;
using Governance.Tests.Support;
using Governance.Tests.Web.CitizenMessages;
using Governance.Tests.Workflows.Accountability;
using Governance.Web.Features.Assessment;
using Governance.Web.Features.Rectification;
using Governance.Workflows.Definitions.Accountability;
using Governance.Tests.Support.Drivers;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>
/// 年度考核 and 检查批次与通报 on the data set of <see cref="AccountabilityDataSet"/> (figures worked out in
/// <see cref="AnnualAssessmentTests"/>): the table shows each unit's rank, score and figures, the formula, the export link;
/// Admin edits the weights, the others read them; an officer generates the circular with one click, an Observer only
/// downloads it.
/// </summary>
public sealed class AccountabilityReportPagesTests(AccountabilityReportPagesTests.Seeded seeded)
    : BunitTestContext, IClassFixture<AccountabilityReportPagesTests.Seeded>
{
    public sealed class Seeded : IAsyncLifetime
    {
        public WorkflowTestHost Host { get; private set; } = default!;
        public AccountabilityDataSet Set { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Host = await WorkflowTestHost.CreateAsync(start: AccountabilityDataSet.China(3, 2, 9));
            Set = await AccountabilityDataSet.BuildAsync(Host);
        }

        public Task DisposeAsync() => Host.DisposeAsync();
    }

    /// <summary>县教育局 in 2026, in the table's column order (AnnualAssessmentTests: 75, rank 21).</summary>
    private static readonly string[] Education =
        ["21", "县教育局", "75", "4", "2", "1", "1", "0", "1", "2", "1", "50%", "1", "0", "0", "0", "1", "0", "0", "15", "5", "2", "3"];

    private static List<string> Cells(IRenderedComponent<AssessmentPage> cut, string unit) =>
        cut.FindAll($"#assessment-table tr[data-unit='{unit}'] td").Select(td => td.TextContent.Trim()).ToList();

    private async Task<IRenderedComponent<AssessmentPage>> AssessmentAsync(string user)
    {
        await MessageScreens.SignInAsync(this, seeded.Host, user);
        var cut = Render<AssessmentPage>();
        cut.WaitForElement("#assessment-table");
        return cut;
    }

    [Fact]
    public async Task Assessment_OfficerSeesRanksScoresFiguresFormulaAndExport_WeightsReadOnly()
    {
        var cut = await AssessmentAsync("accountability");

        Assert.Equal(AssessmentExport.Headers, cut.FindAll("#assessment-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(Education, Cells(cut, "县教育局"));
        Assert.Equal(["18", "县交通运输局", "97"], Cells(cut, "县交通运输局").Take(3));
        Assert.Equal(21, cut.FindAll("#assessment-table tbody tr").Count);
        Assert.StartsWith("得分 = 100 − 问题数×1 − 逾期整改数×2 − 逾期未整改数×4", cut.Find("#formula-text").TextContent, StringComparison.Ordinal);
        Assert.Equal("/assessment/export?year=2026", cut.Find("#export").GetAttribute("href"));
        Assert.Empty(cut.FindAll("#weights input"));
        Assert.Empty(cut.FindAll("#weights-save"));
        Assert.Contains("每个 4 分", cut.Find($"tr[data-weight='{AssessmentWeights.Overdue.Key}']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assessment_ObserverReads_AnotherYearRecomputes()
    {
        var cut = await AssessmentAsync("observer");
        Assert.Equal(Education, Cells(cut, "县教育局"));
        Assert.Empty(cut.FindAll("#weights input"));

        // 2025: only M4 (约谈 县教育局) → 97, last of 21.
        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<int>>().Instance.ValueChanged.InvokeAsync(2025));
        cut.WaitForAssertion(() => Assert.Equal(["21", "县教育局", "97"], Cells(cut, "县教育局").Take(3)));
        Assert.Equal("/assessment/export?year=2025", cut.Find("#export").GetAttribute("href"));
    }

    [Fact]
    public async Task Assessment_AdminChangesAWeight_TheScoresFollow_ThenBackToDefaults()
    {
        var cut = await AssessmentAsync("admin");
        var veto = cut.FindComponents<MudBlazor.MudNumericField<int>>()
            .Single(f => f.Instance.UserAttributes.TryGetValue("id", out var id) && (string?)id == AssessmentWeights.Veto.Key);
        try
        {
            await cut.InvokeAsync(() => veto.Instance.ValueChanged.InvokeAsync(20));
            await cut.InvokeAsync(() => cut.Find("#weights-save").Click());
            // 县教育局: findings 4 + 2 + 4 + 20 = 30 → 100 − 30 − 5 − 2 − 3 = 60.
            cut.WaitForAssertion(() => Assert.Equal(["21", "县教育局", "60"], Cells(cut, "县教育局").Take(3)));
            Assert.Contains("单项否决问题数×20", cut.Find("#formula-text").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            await cut.InvokeAsync(() => cut.Find("#weights-reset").Click());
            await cut.InvokeAsync(() => cut.Find("#weights-save").Click());
        }
        cut.WaitForAssertion(() => Assert.Equal(["21", "县教育局", "75"], Cells(cut, "县教育局").Take(3)));
    }

    [Fact]
    public async Task Campaigns_ObserverSeesTheFiguresButCannotGenerate()
    {
        await MessageScreens.SignInAsync(this, seeded.Host, "observer");
        var cut = Render<CampaignsPage>();
        cut.WaitForElement("#campaign-table");
        var row = $"tr[data-campaign='{seeded.Set.CampaignId}']";
        Assert.Empty(cut.FindAll($"#generate-{seeded.Set.CampaignId}"));
        Assert.Empty(cut.FindAll($"#download-{seeded.Set.CampaignId}"));
        Assert.Contains("尚未生成", cut.Find(row).TextContent, StringComparison.Ordinal);
        // 9 findings in the campaign (T2 cancelled included), 3 not closed (W1, W2, T1), no number yet.
        Assert.Equal(["2026年第1季度政府网站检查", "季度检查", "2026年第1季度", "9", "3", "—"], cut.FindAll($"{row} td").Take(6).Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Campaigns_OfficerGeneratesWithOneClick_TheNumberShowsAndTheDocxDownloads()
    {
        // A campaign of its own, so the data set's campaign stays without a circular for the other tests.
        var (id, error) = await seeded.Host.Findings().CreateCampaignAsync(await seeded.Host.ActorAsync("monitor"), "2026年省政府网站抽查",
            Governance.Workflows.Definitions.Rectification.FindingSources.Higher, 2026, null);
        Assert.True(id is not null, error);
        await MessageScreens.SignInAsync(this, seeded.Host, "accountability");
        var cut = Render<CampaignsPage>();
        cut.WaitForElement("#campaign-table");
        var row = $"tr[data-campaign='{id}']";

        await cut.InvokeAsync(() => cut.Find($"#generate-{id}").Click());

        cut.WaitForAssertion(() => Assert.Equal("扶政网通〔2026〕1号", cut.Find($"{row} td[data-col='number']").TextContent.Trim()));
        Assert.EndsWith(CircularEndpoints.Url(id!.Value), Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(CircularEndpoints.Url(id.Value), cut.Find($"#download-{id}").GetAttribute("href"));
        Assert.Empty(cut.FindAll($"#generate-{id}"));
        // The data set's campaign is offered to the officer too.
        Assert.NotNull(cut.Find($"#generate-{seeded.Set.CampaignId}"));
    }

    [Fact]
    public async Task FindingList_FromACampaignsLink_ShowsThatCampaignsFindings_UntilTheChipIsClosed()
    {
        await MessageScreens.SignInAsync(this, seeded.Host, "observer");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/findings?campaign={seeded.Set.CampaignId}");
        var cut = Render<FindingListPage>();
        cut.WaitForAssertion(() => Assert.Equal(9, cut.FindAll("#finding-grid a[data-finding]").Count));
        Assert.Contains("检查批次：2026年第1季度政府网站检查", cut.Find("#filter-campaign").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("#finding-grid a[data-finding]"), a => a.TextContent.StartsWith("D1：", StringComparison.Ordinal));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudChip<string>>().Instance.OnClose.InvokeAsync());
        // All 11 findings of the data set: the campaign's 9, D1 and the column lapse L1.
        cut.WaitForAssertion(() => Assert.Equal(11, cut.FindAll("#finding-grid a[data-finding]").Count));
        Assert.Empty(cut.FindAll("#filter-campaign"));
    }
}
