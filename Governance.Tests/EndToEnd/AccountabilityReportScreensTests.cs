using DocumentFormat.OpenXml.Packaging;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// 检查批次与通报 and 年度考核 in a real browser: the officer generates this quarter's circular with one click and the .docx
/// that downloads opens with its number and the units; the assessment table, formula and Excel; Admin sees the weights as
/// inputs; a unit's editor does not get the page. Screenshots in TestResults/screenshots/ (90–93).
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class AccountabilityReportScreensTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{

    private async Task<Actor> ActorAsync(string userName)
    {
        using var scope = f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var unit = DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit;
        return new Actor(user.Id, user.DisplayName, user.UnitId, unit, (await users.GetRolesAsync(user)).ToHashSet());
    }

    /// <summary>This quarter's campaign (the app runs on the real clock) with a finding for 县教育局 and one for 县财政局.</summary>
    private async Task<(int Id, int Year)> CampaignAsync()
    {
        var today = ChinaTime.Date(f.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var quarter = ReportPeriod.QuarterOf(today);
        var findings = f.App.Services.GetRequiredService<FindingService>();
        var monitor = await ActorAsync("monitor");
        var (id, error) = await findings.CreateCampaignAsync(monitor, $"{today.Year}年第{quarter}季度政府网站检查", FindingSources.Quarterly, today.Year, quarter);
        Assert.True(id is not null, error);
        var units = f.App.Services.GetRequiredService<Governance.Workflows.Admin.UnitService>();
        foreach (var (unit, url) in new[] { ("县教育局", "jyj"), ("县财政局", "czj") })
        {
            var unitId = (await units.ListAsync()).Single(u => u.Name == unit).Id;
            var raised = await findings.RaiseAsync(new NewFinding(unitId, FindingSources.Quarterly, FindingCategories.Typo, FindingSeverity.General,
                $"{unit}工作动态栏目错别字", "“工作动态”栏目信息中有错别字。", $"http://www.fufeng.gov.cn/{url}/gzdt/1.html", CampaignId: id), monitor);
            Assert.True(raised.Succeeded, raised.Error);
        }
        return (id!.Value, today.Year);
    }

    [Fact]
    public async Task Officer_GeneratesTheCircularWithOneClick_AndReadsTheAssessment_AdminSeesTheWeights_UnitsDoNot()
    {
        var (campaign, year) = await CampaignAsync();

        var officer = await f.SignInAsync("accountability");
        await BrowserFixture.OpenAsync(officer, "/findings");
        await officer.Locator("#to-campaigns").ClickAsync();
        await officer.WaitForURLAsync("**/findings/campaigns");
        await BrowserFixture.WaitInteractiveAsync(officer);
        await Assertions.Expect(officer.Locator($"#generate-{campaign}")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(officer, "90-campaigns-before-circular");
        var download = await officer.RunAndWaitForDownloadAsync(() => officer.Locator($"#generate-{campaign}").ClickAsync());
        var number = $"扶政网通〔{year}〕1号";
        Assert.StartsWith(number, download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"circular-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(path);
        using (var doc = WordprocessingDocument.Open(path, false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.Contains("县教育局工作动态栏目错别字", text, StringComparison.Ordinal);
            Assert.Contains("县财政局工作动态栏目错别字", text, StringComparison.Ordinal);
        }
        File.Delete(path);
        await Assertions.Expect(officer.Locator($"tr[data-campaign='{campaign}'] td[data-col='number']")).ToHaveTextAsync(number);
        await Assertions.Expect(officer.Locator($"#download-{campaign}")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(officer, "91-campaigns-circular-generated");
        var problems = (await AccessibleNamesTests.ControlsAsync(officer, "检查批次与通报")).Select(AccessibleNamesTests.Problem).OfType<string>().ToList();

        await officer.Locator("#nav-assessment").ClickAsync();
        await officer.WaitForURLAsync("**/assessment");
        await BrowserFixture.WaitInteractiveAsync(officer);
        await Assertions.Expect(officer.Locator("#assessment-table tr[data-unit='县教育局'] td[data-col='问题']")).ToHaveTextAsync("1");
        await Assertions.Expect(officer.Locator("#formula-text")).ToContainTextAsync("得分 = 100 − 问题数×1");
        await BrowserFixture.ScreenshotAsync(officer, "92-assessment-officer");
        problems.AddRange((await AccessibleNamesTests.ControlsAsync(officer, "年度考核")).Select(AccessibleNamesTests.Problem).OfType<string>());
        var excel = await officer.RunAndWaitForDownloadAsync(() => officer.Locator("#export").ClickAsync());
        var xlsx = Path.Combine(Path.GetTempPath(), $"assessment-{Guid.NewGuid():N}.xlsx");
        await excel.SaveAsAsync(xlsx);
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: AssessmentExport.ResultSheet).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(99d, Convert.ToDouble(rows.Single(r => (string?)r["单位"] == "县教育局")["得分"], System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(xlsx);
        Assert.Empty(problems);

        var admin = await f.SignInAsync("admin");
        await BrowserFixture.OpenAsync(admin, "/assessment");
        await Assertions.Expect(admin.Locator("#weights-save")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByLabel("逾期未整改扣分")).ToHaveValueAsync("4");
        await BrowserFixture.ScreenshotAsync(admin, "93-assessment-admin-weights");

        var editor = await f.SignInAsync("editor");
        await editor.GotoAsync("/assessment");
        await Assertions.Expect(editor.Locator("#assessment-table")).ToHaveCountAsync(0);
        var refused = await editor.APIRequest.GetAsync($"/findings/campaigns/{campaign}/circular.docx", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
    }
}
