using System.Text.RegularExpressions;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// In a real browser: W2 returned by the unit reviewer, then withdrawn by its author; W1's change review — 申请调整/关停 then
/// 同意关停, and 申请调整/关停 then 不同意. The items are brought to the starting state on the server; the steps under test are
/// clicked.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class ReturnsAndChangesJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private async Task<Actor> ActorAsync(string userName)
    {
        using var scope = f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var roles = await users.GetRolesAsync(user);
        return new Actor(user.Id, user.DisplayName, user.UnitId, DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit, roles.ToHashSet());
    }

    private async Task<int> MustFireAsync(long id, int version, string trigger, string user, string? comment = null,
        Dictionary<string, string?>? fields = null)
    {
        var r = await f.App.Services.GetRequiredService<WorkflowRuntime>().FireAsync(id, version, trigger, await ActorAsync(user), new FireInput(comment, fields));
        Assert.True(r.Succeeded, $"{trigger}: {r.Message}");
        return r.NewVersion!.Value;
    }

    private static Task ClickActionAsync(IPage page, string trigger, string? comment) =>
        BrowserFixture.ConfirmActionAsync(page, page.Locator($"button[data-trigger='{trigger}']"), comment);

    private async Task<IPage> OpenAsync(string user, string url)
    {
        var page = await f.SignInAsync(user);
        await page.GotoAsync(url);
        await BrowserFixture.WaitInteractiveAsync(page);
        return page;
    }

    [Fact]
    public async Task Content_ReturnedByReviewer_AuthorSeesTheReason_ThenWithdraws()
    {
        var services = f.App.Services;
        int columnId;
        await using (var db = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Governance.Data.GovernanceDbContext>>().CreateDbContext())
        {
            var unit = (await ActorAsync("editor")).UnitId;
            columnId = db.Columns.Where(c => c.UnitId == unit && c.Name == "通知公告").Select(c => c.Id).Single();
        }
        var created = await services.GetRequiredService<ContentService>().CreateAsync(await ActorAsync("editor"), new ContentForm
        {
            ColumnId = columnId, Title = "关于春季学期开学时间的通知", BodyHtml = "<p>全县中小学3月2日开学。</p>", Category = "通知公告", Origin = "原创",
        });
        Assert.True(created.Succeeded, created.Message);
        var id = created.InstanceId!.Value;
        await MustFireAsync(id, 1, ContentReviewWorkflow.T.Submit, "editor");
        var url = $"/content/{id}";

        var reviewer = await OpenAsync("reviewer", url);
        await Assertions.Expect(reviewer.Locator(".status-chip").First).ToHaveTextAsync("单位审核");
        await ClickActionAsync(reviewer, "UnitReturn", "开学时间请与教体局文件核对");
        await Assertions.Expect(reviewer.Locator(".status-chip").First).ToHaveTextAsync("退回修改");

        var editor = await OpenAsync("editor", url);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("退回修改");
        await Assertions.Expect(editor.GetByText("开学时间请与教体局文件核对").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(editor, "25-content-returned");
        await ClickActionAsync(editor, "Withdraw", null);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("已撤回");
        await Assertions.Expect(editor.Locator("button[data-trigger]")).ToHaveCountAsync(0);

        // The author's notifications say it was returned.
        await editor.GotoAsync("/notifications");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByText("已被单位审核退回修改").First).ToBeVisibleAsync();
    }

    private async Task<string> ActiveRequestAsync(string name)
    {
        var r = await f.App.Services.GetRequiredService<ColumnRequestService>().CreateAsync(await ActorAsync("editor"), ColumnRequestDriver.ValidForm(name), submit: true);
        Assert.True(r.Succeeded, r.Message);
        var id = r.InstanceId!.Value;
        var v = await MustFireAsync(id, 2, ColumnRequestWorkflow.T.UnitApprove, "reviewer");
        v = await MustFireAsync(id, v, ColumnRequestWorkflow.T.BureauApprove, "supervisor");
        await MustFireAsync(id, v, ColumnRequestWorkflow.T.CompleteSetup, "monitor", null,
            new Dictionary<string, string?> { ["url"] = "http://www.fufeng.gov.cn/zt/" + Guid.NewGuid().ToString("N")[..6] + "/" });
        return $"/column-requests/{id}";
    }

    [Theory]
    [InlineData("ApproveClose", null, "已归档", "关停申请已同意，栏目已归档")]
    [InlineData("RefuseChange", "专项工作尚未结束，请继续维护", "运行", "调整/关停申请未获同意")]
    public async Task ColumnRequest_ChangeRequested_ThenDecided(string decision, string? reason, string endState, string editorHears)
    {
        var name = "变更测试专栏" + Guid.NewGuid().ToString("N")[..4];
        var url = await ActiveRequestAsync(name);

        var editor = await OpenAsync("editor", url);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("运行");
        await ClickActionAsync(editor, "RequestChange", "专项活动已结束，申请关停");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("调整/关停申请");

        var supervisor = await OpenAsync("supervisor", url);
        if (reason is not null)
        {
            // 不同意 needs a reason.
            await supervisor.Locator($"button[data-trigger='{decision}']").ClickAsync();
            await supervisor.Locator("#action-confirm").ClickAsync();
            await Assertions.Expect(supervisor.GetByText("请填写理由").First).ToBeVisibleAsync();
            await supervisor.Locator("#action-comment").FillAsync(reason);
            await supervisor.Locator("#action-confirm").ClickAsync();
            await Assertions.Expect(supervisor.Locator(".mud-dialog")).ToHaveCountAsync(0);
        }
        else
        {
            await ClickActionAsync(supervisor, decision, null);
        }
        await Assertions.Expect(supervisor.Locator(".status-chip").First).ToHaveTextAsync(endState);
        await BrowserFixture.ScreenshotAsync(supervisor, "26-change-" + decision);

        await editor.GotoAsync("/notifications");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByText(new Regex(Regex.Escape(name) + ".*" + Regex.Escape(editorHears))).First).ToBeVisibleAsync();
    }
}
