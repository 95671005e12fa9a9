using System.Net;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>W1 end to end in a real browser: request → unit review → bureau returns → fix → resubmit → approve → setup.</summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class ColumnRequestJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{

    [Fact]
    public async Task ColumnRequest_FullJourney_EndsActiveAndInRegister()
    {
        // 1. The Editor fills and submits a request.
        var editor = await f.SignInAsync("editor");
        await BrowserFixture.ScreenshotAsync(editor, "01-editor-inbox");
        await editor.GotoAsync("/column-requests/new");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(editor.GetByText("请填写专栏名称").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(editor, "02-new-request-validation");

        await editor.GetByLabel("专栏名称").FillAsync("乡村振兴专项工作专栏");
        await editor.GetByLabel("开设事由（重大活动或专项工作，第7条）").FillAsync("集中发布全县乡村振兴专项工作的政策、进展和成效。");
        await FillDateAsync(editor, "计划开始日期", "2026-03-10");
        await FillDateAsync(editor, "计划结束日期", "2026-12-31");
        await editor.GetByLabel("栏目负责人").FillAsync("刘主任");
        await editor.GetByLabel("A岗人员").FillAsync("陈一");
        await editor.GetByLabel("B岗人员").FillAsync("陈一");
        await editor.GetByLabel("内容来源").FillAsync("县农业农村局、各镇街");
        await editor.GetByLabel("更新频率承诺").ClickAsync();
        await editor.GetByRole(AriaRole.Option, new() { Name = "每周" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(editor.GetByText("A岗与B岗不能是同一人").First).ToBeVisibleAsync();
        await editor.GetByLabel("B岗人员").FillAsync("黄二");
        await BrowserFixture.ScreenshotAsync(editor, "03-new-request-filled");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/column-requests/\d+$"));
        var detailUrl = new Uri(editor.Url).AbsolutePath;
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("单位审核");
        await BrowserFixture.ScreenshotAsync(editor, "04-request-detail-submitted");

        // 2. The UnitReviewer approves.
        var reviewer = await f.SignInAsync("reviewer");
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Link, new() { Name = "乡村振兴专项工作专栏" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(reviewer, "05-reviewer-inbox");
        await FireAsync(reviewer, detailUrl, "审核通过", comment: null);
        await Assertions.Expect(reviewer.Locator(".status-chip").First).ToHaveTextAsync("审批");

        // 3. The Supervisor returns it with a reason.
        var supervisor = await f.SignInAsync("supervisor");
        await supervisor.GotoAsync(detailUrl);
        await BrowserFixture.WaitInteractiveAsync(supervisor);
        await supervisor.Locator("[data-trigger='BureauReturn']").ClickAsync();
        await supervisor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(supervisor.GetByText("请填写理由").First).ToBeVisibleAsync(); // a reason is required
        await supervisor.Locator("#action-comment").FillAsync("请补充栏目的更新保障措施。");
        await BrowserFixture.ScreenshotAsync(supervisor, "06-supervisor-return-dialog");
        await supervisor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(supervisor.Locator(".status-chip").First).ToHaveTextAsync("退回修改");

        // 4. The Editor fixes and resubmits.
        await editor.GotoAsync(detailUrl);
        await BrowserFixture.WaitInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByText("请补充栏目的更新保障措施。").First).ToBeVisibleAsync();
        await editor.Locator("#edit").ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/edit$"));
        await BrowserFixture.WaitInteractiveAsync(editor);
        await editor.GetByLabel("开设事由（重大活动或专项工作，第7条）").FillAsync("集中发布全县乡村振兴专项工作的政策、进展和成效；A、B岗每周更新，专人审核。");
        await editor.Locator("#save").ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/column-requests/\d+$"));
        await BrowserFixture.WaitInteractiveAsync(editor);
        // The saved edit shows its new text.
        await Assertions.Expect(editor.GetByText("A、B岗每周更新，专人审核", new() { Exact = false }).First).ToBeVisibleAsync();
        await FireAsync(editor, detailUrl, "提交", comment: null);
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("单位审核");

        await FireAsync(reviewer, detailUrl, "审核通过", comment: "已补充保障措施");
        await FireAsync(supervisor, detailUrl, "批准开设", comment: "同意开设");
        await Assertions.Expect(supervisor.Locator(".status-chip").First).ToHaveTextAsync("开通");

        // 5. The Monitor sets it up with its URL.
        var monitor = await f.SignInAsync("monitor");
        await monitor.GotoAsync(detailUrl);
        await BrowserFixture.WaitInteractiveAsync(monitor);
        await monitor.Locator("[data-trigger='CompleteSetup']").ClickAsync();
        await monitor.Locator("#field-url").FillAsync("not a url");
        await monitor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(monitor.GetByText("栏目地址须为以 http:// 或 https:// 开头的完整网址").First).ToBeVisibleAsync();
        await monitor.Locator("#field-url").FillAsync("http://www.fufeng.gov.cn/zt/xczx/");
        await monitor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(monitor.Locator(".status-chip").First).ToHaveTextAsync("运行");
        await Assertions.Expect(monitor.Locator("[data-testid='workflow-diagram'] svg")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(monitor, "07-request-active-with-diagram");

        // 6. Active, and the column is in the register.
        await monitor.GotoAsync("/columns");
        await BrowserFixture.WaitInteractiveAsync(monitor);
        await Assertions.Expect(monitor.GetByText("乡村振兴专项工作专栏").First).ToBeVisibleAsync();
        // Under the portal's 专题专栏 heading; its name links to the address recorded at setup.
        await Assertions.Expect(monitor.Locator("td[data-path='专题专栏/乡村振兴专项工作专栏'] a.name"))
            .ToHaveAttributeAsync("href", "http://www.fufeng.gov.cn/zt/xczx/");
        await BrowserFixture.ScreenshotAsync(monitor, "08-column-register");

        // 7. The Editor's bell shows the notifications — live, without reload.
        var unread = await editor.Locator("#bell").GetAttributeAsync("data-unread");
        Assert.True(int.Parse(unread!) >= 3, $"editor unread = {unread}");
        await editor.Locator("#bell").ClickAsync();
        await editor.WaitForURLAsync(new Regex("/notifications$"));
        await Assertions.Expect(editor.GetByText("已被审批退回修改").First).ToBeVisibleAsync();
        await Assertions.Expect(editor.GetByText("已开通运行").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(editor, "09-editor-notifications");

        // The list shows it to the Supervisor with its state.
        await supervisor.GotoAsync("/column-requests");
        await BrowserFixture.WaitInteractiveAsync(supervisor);
        await Assertions.Expect(supervisor.GetByText("乡村振兴专项工作专栏").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "10-request-list");
    }

    [Fact]
    public async Task HangfireDashboard_AdminOnly()
    {
        var admin = await f.SignInAsync("admin");
        var ok = await admin.APIRequest.GetAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.OK, ok.Status);
        var supervisor = await f.SignInAsync("supervisor");
        var refused = await supervisor.APIRequest.GetAsync("/hangfire");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
        await admin.GotoAsync("/hangfire");
        await BrowserFixture.ScreenshotAsync(admin, "11-hangfire-dashboard");
    }

    [Fact]
    public async Task LoginPage_RendersChinese()
    {
        var context = await f.Browser.NewContextAsync(new() { BaseURL = f.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByText("用户登录")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "00-login");
    }

    private static async Task FillDateAsync(IPage page, string label, string value)
    {
        var input = page.GetByLabel(label);
        await input.FillAsync(value);
        await input.PressAsync("Enter");
        await page.Keyboard.PressAsync("Escape");
    }

    private static async Task FireAsync(IPage page, string url, string button, string? comment)
    {
        if (new Uri(page.Url).AbsolutePath != url)
        {
            await page.GotoAsync(url);
            await BrowserFixture.WaitInteractiveAsync(page);
        }
        await BrowserFixture.ConfirmActionAsync(page, button, comment);
    }
}
