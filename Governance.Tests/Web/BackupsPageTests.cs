using Bunit;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Backups;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>The 数据备份 admin page: a backup now appears in the list with its download link; the retention period is a setting (its range: BackupServiceTests).</summary>
public sealed class BackupsPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    public BackupsPageTests(WebDemoDatabase db)
    {
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    private IRenderedComponent<BackupsPage> RenderPage()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<BackupsPage>();
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(30));
        return cut;
    }

    [Fact]
    public void BackupNow_AppearsInTheListWithItsDownloadLink()
    {
        var cut = RenderPage();

        cut.Find("#backup-now").Click();

        cut.WaitForAssertion(() => Assert.Contains("备份完成", cut.Find("#backup-result").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var link = cut.WaitForElement("a[data-backup]");
        var name = link.GetAttribute("data-backup")!;
        Assert.Matches(@"^backup-\d{8}-\d{6}-manual(-\d+)?\.zip$", name);
        Assert.Equal(BackupEndpoints.DownloadUrl(name), link.GetAttribute("href"));
        Assert.Contains("手动备份", cut.Find("#backups-table").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_Saved_ThroughTheSettings()
    {
        var cut = RenderPage();
        Assert.Equal("30", cut.Find("input#retention-days, #retention-days input").GetAttribute("value"));

        cut.Find("input#retention-days, #retention-days input").Change("7");
        cut.Find("#retention-save").Click();

        cut.WaitForAssertion(() => Assert.Contains("保留天数已设为 7 天", cut.Find("#backup-result").TextContent, StringComparison.Ordinal));
        Assert.Equal(7, await Services.GetRequiredService<BackupService>().RetentionDaysAsync());
    }
}
