using Bunit;
using Governance.Data;
using Governance.Web;
using Governance.Web.Features.ContentReview;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using S = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow.S;

namespace Governance.Tests.Web;

/// <summary>
/// W2 「保存并提交审核」 on the edit page: the draft is saved, then 提交审核 is fired on the saved version. A pre-check refusal
/// is shown on the page in the server's words and the draft stays saved; a clean item lands on its detail page in 单位审核.
/// </summary>
public sealed class ContentEditPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public ContentEditPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("editor");
        auth.SetClaims(db.ClaimsOf("editor"));
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // the page starts its editor only when interactive
        Render<MudBlazor.MudPopoverProvider>();
    }

    private ContentService Content => _db.Services.GetRequiredService<ContentService>();

    private async Task<long> DraftAsync(string title, string body)
    {
        var editor = _db.Actors["editor"];
        var columns = await Content.ColumnsForAsync(editor);
        var created = await Content.CreateAsync(editor, new ContentForm
        {
            ColumnId = columns.First(c => c.Name == "工作动态").Id, Title = title, BodyHtml = body, Category = "动态要闻", Origin = "原创",
        });
        Assert.True(created.Succeeded, created.Message);
        return created.InstanceId!.Value;
    }

    private async Task<(string State, int Version, string Title)> StoredAsync(long id)
    {
        await using var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var i = await db.WorkflowInstances.AsNoTracking().SingleAsync(x => x.Id == id);
        var title = await db.ContentItems.Where(c => c.InstanceId == id).Select(c => c.Title).SingleAsync();
        return (i.State, i.Version, title);
    }

    private IRenderedComponent<ContentEditPage> RenderEdit(long? id)
    {
        var cut = Render<ContentEditPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("#save-submit");
        return cut;
    }

    [Fact]
    public async Task SaveAndSubmit_CleanItem_LandsOnTheDetailPageInUnitReview()
    {
        var id = await DraftAsync("县教育局召开春季开学工作会议", "<p>县教育局召开2026年春季开学工作会议。</p>");
        var cut = RenderEdit(id);

        cut.Find("input#Title").Change("县教育局召开2026年春季开学工作会议");
        cut.Find("#save-submit").Click();

        var nav = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith($"/content/{id}", nav.Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var stored = await StoredAsync(id);
        Assert.Equal(S.UnitReview, stored.State);
        Assert.Equal("县教育局召开2026年春季开学工作会议", stored.Title); // saved first, then submitted
        Assert.Empty(cut.FindAll("#submit-error"));
    }

    [Fact]
    public async Task SaveAndSubmit_PreCheckBlocks_ShowsTheServersReasonAndKeepsTheDraftSaved()
    {
        var id = await DraftAsync("春季招生报名通知", "<p>报名咨询电话13812345678，请家长按时报名。</p>");
        var before = await StoredAsync(id);
        var cut = RenderEdit(id);
        var nav = Services.GetRequiredService<NavigationManager>();
        var url = nav.Uri;

        cut.Find("input#Title").Change("2026年春季招生报名通知");
        cut.Find("#save-submit").Click();

        cut.WaitForAssertion(() => Assert.Contains("机器预审未通过，不能提交", cut.Find("#submit-error").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("13812345678", cut.Find("#submit-error").TextContent);
        Assert.Contains("草稿已保存", cut.Find("#submit-error").TextContent);
        Assert.Equal(url, nav.Uri); // still editing
        var after = await StoredAsync(id);
        Assert.Equal(S.Draft, after.State);
        Assert.Equal("2026年春季招生报名通知", after.Title);
        Assert.Equal(before.Version + 1, after.Version);
        // The pre-check panel shows the hit in place.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#precheck-hits [data-rule='pii.mobile']")));

        // Fixed in place and submitted again from the same page: the saved version is the one submitted.
        cut.Find("input#Title").Change("2026年春季招生报名通知（更正）");
        cut.Find("#save-submit").Click();
        cut.WaitForAssertion(() => Assert.Contains("机器预审未通过", cut.Find("#submit-error").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(before.Version + 2, (await StoredAsync(id)).Version);
    }

    [Fact]
    public async Task SaveAndSubmit_NewItemBlocked_CreatesOneDraftAndKeepsEditingIt()
    {
        // The rich-text editor lives in the browser: here it answers with a body holding a mobile number.
        JSInterop.Setup<bool>("governance.createEditor", _ => true).SetResult(true);
        JSInterop.Setup<string?>("governance.getEditorHtml", _ => true).SetResult("<p>联系电话：13912345678</p>");
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/content/new");
        var cut = RenderEdit(null);
        cut.Find("input#Title").Change("新起草即提交的信息");

        cut.Find("#save-submit").Click();

        cut.WaitForAssertion(() => Assert.Contains("机器预审未通过", cut.Find("#submit-error").TextContent), TimeSpan.FromSeconds(10));
        await using var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var created = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Title == "新起草即提交的信息");
        Assert.Equal(S.Draft, created.State);
        Assert.EndsWith($"/content/{created.Id}/edit", nav.Uri, StringComparison.Ordinal);
    }
}
