using Bunit;
using Governance.Data;
using Governance.Web;
using Governance.Web.Features.ColumnRequests;
using Governance.Workflows.Definitions.ColumnRequests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Governance.Tests.Web;

/// <summary>
/// The action bar used, not only rendered: a click opens the dialog, the comment is typed, 确定 fires, and the state changes in
/// the real database; an action a precondition refuses shows disabled with its reason.
/// </summary>
public sealed class ActionDialogClickTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public ActionDialogClickTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
    }

    /// <summary>A fresh request of 县教育局 by editor (submitted or not), so that the fixture's shared item is left alone.</summary>
    private async Task<long> NewRequestAsync(bool submit)
    {
        var r = await _db.Services.GetRequiredService<ColumnRequestService>().CreateAsync(_db.Actors["editor"], new ColumnRequestForm
        {
            ColumnName = "点击测试专栏" + Guid.NewGuid().ToString("N")[..6], Purpose = "测试", StartDate = new DateTime(2026, 3, 10),
            EndDate = new DateTime(2026, 12, 31), ResponsiblePerson = "王主任", StaffA = "刘甲", StaffB = "陈乙", UpdateCadence = "每周",
            ContentSources = "本局",
        }, submit);
        Assert.True(r.Succeeded, r.Message);
        return r.InstanceId!.Value;
    }

    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    private IRenderedComponent<ColumnRequestDetailPage> RenderAs(string userName, long id)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetClaims(_db.ClaimsOf(userName));
        _dialogs = Render<MudDialogProvider>();
        var cut = Render<ColumnRequestDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup));
        return cut;
    }

    private async Task<(string State, string? Comment)> StoredAsync(long id)
    {
        await using var db = _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
        var state = await db.WorkflowInstances.Where(i => i.Id == id).Select(i => i.State).SingleAsync();
        var comment = await db.JournalEntries.Where(j => j.InstanceId == id).OrderByDescending(j => j.Seq).Select(j => j.Comment).FirstAsync();
        return (state, comment);
    }

    [Fact]
    public async Task Reviewer_ClicksReturn_TypesTheReason_Confirms_StateChangesInTheDatabase()
    {
        var id = await NewRequestAsync(submit: true);
        var cut = RenderAs("reviewer", id);
        var dialogs = _dialogs;

        cut.Find("button[data-trigger='UnitReturn']").Click();
        dialogs.WaitForElement("#action-comment");
        Assert.Contains("退回修改", dialogs.Markup);
        dialogs.Find("textarea#action-comment, #action-comment textarea, input#action-comment").Input("请补充栏目内容来源");
        dialogs.Find("#action-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(("Returned", "请补充栏目内容来源"), StoredAsync(id).GetAwaiter().GetResult()));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#action-confirm")));
        cut.WaitForAssertion(() => Assert.Contains("退回修改", cut.Find(".status-chip").TextContent));
        // The reviewer has nothing left to do on a returned request.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("button[data-trigger='UnitReturn']")));
    }

    [Fact]
    public async Task Reviewer_ConfirmsWithoutTheRequiredReason_IsRefused_NothingChanges()
    {
        var id = await NewRequestAsync(submit: true);
        var cut = RenderAs("reviewer", id);
        var dialogs = _dialogs;

        cut.Find("button[data-trigger='UnitReturn']").Click();
        dialogs.WaitForElement("#action-confirm");
        dialogs.Find("#action-confirm").Click();

        // The dialog stays open (the reason is required); the item is still in 单位审核.
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#action-confirm")));
        Assert.Equal("UnitReview", (await StoredAsync(id)).State);
    }

    [Fact]
    public async Task Submit_RefusedByItsPrecondition_ShowsDisabledWithTheReason()
    {
        var id = await NewRequestAsync(submit: false);
        await using (var db = _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext())
            await db.ColumnRequests.Where(r => r.InstanceId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.StaffB, r => r.StaffA));

        var cut = RenderAs("editor", id);

        var submit = cut.Find("button[data-trigger='Submit']");
        Assert.True(submit.HasAttribute("disabled"));
        Assert.Contains("申请内容不完整", submit.GetAttribute("data-disabled-reason"), StringComparison.Ordinal);
        Assert.Contains("暂不可办理", cut.Find(".disabled-reason[data-trigger='Submit']").TextContent, StringComparison.Ordinal);
        // 撤回申请 is still there and enabled.
        Assert.False(cut.Find("button[data-trigger='Withdraw']").HasAttribute("disabled"));
    }
}
