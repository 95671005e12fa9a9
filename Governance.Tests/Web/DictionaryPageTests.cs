using Bunit;
using Governance.Web;
using Governance.Web.Features.Admin;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>错敏词库与白名单 (/admin/dictionary) for the demo Admin against the seeded defaults.</summary>
public sealed class DictionaryPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    public DictionaryPageTests(WebDemoDatabase db)
    {
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    private IRenderedComponent<DictionaryPage> RenderPage()
    {
        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudDialogProvider>();
        var cut = Render<DictionaryPage>();
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(30));
        return cut;
    }

    [Fact]
    public void Lists_the_seeded_terms_hosts_and_sources_with_export_links()
    {
        var cut = RenderPage();

        var terms = cut.Find("#terms-table").TextContent;
        Assert.Contains("翻墙软件", terms);
        Assert.Contains("敏感词", terms);
        Assert.Contains("错误表述", terms);
        Assert.Contains("news.cn", cut.Find("#hosts-table").TextContent);
        Assert.Contains("新华社", cut.Find("#sources-table").TextContent);
        Assert.Contains("*.gov.cn", cut.Markup);
        Assert.Contains("*.政务", cut.Markup);
        var csv = cut.Find("#export-csv");
        Assert.Equal("/admin/dictionary/export?format=csv", csv.GetAttribute("href"));
        Assert.True(csv.HasAttribute("download"));
        Assert.Equal("/admin/dictionary/export?format=xlsx", cut.Find("#export-xlsx").GetAttribute("href"));
        // 58 seeded entries: more than one page, so the pager is there (Find throws when it is not).
        cut.Find("#terms-pages");
    }

    [Fact]
    public void Search_filters_the_terms()
    {
        var cut = RenderPage();

        cut.Find("input#term-search").Input("尖阁列岛");
        cut.Find("input#term-search").Blur();

        cut.WaitForAssertion(() =>
        {
            var table = cut.Find("#terms-table").TextContent;
            Assert.Contains("钓鱼岛及其附属岛屿", table);
            Assert.DoesNotContain("翻墙软件", table);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Import_shows_counts_and_the_bad_lines()
    {
        var cut = RenderPage();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("页面导入甲\n页面导入乙=>\n旧页面说法=>新页面说法\n", "页面导入.txt"));

        cut.WaitForAssertion(() => Assert.Contains("新增 2 条", cut.Find("#import-result").TextContent), TimeSpan.FromSeconds(30));
        var result = cut.Find("#import-result");
        Assert.Contains("第2行", result.TextContent);
        Assert.Contains("页面导入乙", result.TextContent);
        cut.WaitForAssertion(() => Assert.Contains("新页面说法", cut.Find("#terms-table").TextContent));
    }

    [Fact]
    public void Unrecognized_import_is_reported_and_changes_nothing()
    {
        var cut = RenderPage();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0, 1, 2, 3, 0xFF], "乱码.txt"));

        cut.WaitForAssertion(() => Assert.Contains("无法识别的文件格式", cut.Find("#import-result").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("未作任何修改", cut.Find("#import-result").TextContent);
    }

    [Fact]
    public void Adding_a_host_lists_it_and_a_gov_cn_host_is_refused()
    {
        var cut = RenderPage();

        cut.Find("input#host-input").Change("https://www.Page-Test-Museum.org/index.html");
        cut.Find("#host-add").Click();
        cut.WaitForAssertion(() => Assert.Contains("www.page-test-museum.org", cut.Find("#hosts-table").TextContent));

        cut.Find("input#host-input").Change("www.fufeng.gov.cn");
        cut.Find("#host-add").Click();
        cut.WaitForAssertion(() => Assert.Contains("始终允许", cut.Find("#host-error").TextContent));
    }

    [Fact]
    public void Adding_a_source_lists_it()
    {
        var cut = RenderPage();

        cut.Find("input#source-input").Change("页面测试日报");
        cut.Find("#source-add").Click();

        cut.WaitForAssertion(() => Assert.Contains("页面测试日报", cut.Find("#sources-table").TextContent));
    }

    [Fact]
    public void Exception_contexts_are_listed_with_the_seeded_terms()
    {
        var cut = RenderPage();

        cut.Find("input#term-search").Input("平台独立");
        cut.Find("input#term-search").Blur();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("例外语境", cut.Find("#terms-table thead").TextContent);
            var cell = Assert.Single(cut.FindAll("[data-exceptions]"));
            Assert.Equal("平台独立｜平台独家｜平台独有｜平台独特｜舞台独唱｜舞台独白", cell.TextContent.Trim());
        }, TimeSpan.FromSeconds(5));
        Assert.Contains("例外语境", cut.Markup);
    }

    [Fact]
    public void The_entry_dialog_saves_exception_contexts_and_shows_the_error_for_a_bad_one()
    {
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<DictionaryPage>();
        cut.WaitForElement("#terms-table");

        cut.Find("#new-term").Click();
        dialogs.WaitForElement("textarea#entry-exceptions");
        Assert.Contains("每个语境须包含词条本身", dialogs.Markup);
        dialogs.Find("input#entry-term").Change("页面例外词");
        dialogs.Find("textarea#entry-exceptions").Change("无关语境");
        dialogs.Find("#dialog-confirm").Click();
        dialogs.WaitForAssertion(() =>
            Assert.Equal("例外语境“无关语境”不含词条“页面例外词”，每个例外语境须包含词条本身。", dialogs.Find("#dialog-error").TextContent.Trim()));

        dialogs.Find("textarea#entry-exceptions").Change("页面例外词语\n新页面例外词");
        dialogs.Find("#dialog-confirm").Click();

        cut.WaitForAssertion(() => Assert.Contains("新页面例外词", cut.Find("#terms-table").TextContent), TimeSpan.FromSeconds(5));
        var row = cut.FindAll("#terms-table tbody tr").First(r => r.TextContent.Contains("新页面例外词"));
        Assert.Contains("页面例外词语｜新页面例外词", row.TextContent);
        _ = popovers;
    }
}
