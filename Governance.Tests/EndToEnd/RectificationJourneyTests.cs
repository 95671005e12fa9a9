using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Governance.Tests.Workflows.Attachments;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// W4 end to end in a real browser: a Monitor records a finding against 县教育局 → the unit's Editor signs for it, starts,
/// writes the report, uploads evidence and submits → the Monitor rejects it with a reason → the Editor resubmits and the
/// Monitor closes it (已销号). The W4 screens' controls all have Chinese accessible names.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class RectificationJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{

    private static Task FireAsync(IPage page, string button, string? comment = null) =>
        BrowserFixture.ConfirmActionAsync(page, button, comment);


    [Fact]
    public async Task Finding_IssuedAcknowledgedSubmittedRejectedResubmittedClosed()
    {
        var title = "工作动态栏目错别字" + Guid.NewGuid().ToString("N")[..6];

        // 1. The Monitor records a finding against 县教育局.
        var monitor = await f.SignInAsync("monitor");
        await BrowserFixture.OpenAsync(monitor, "/findings");
        await monitor.Locator("#to-new-finding").ClickAsync();
        await monitor.WaitForURLAsync("**/findings/new");
        await BrowserFixture.WaitInteractiveAsync(monitor);
        await monitor.Locator("#submit-finding").ClickAsync();
        await Assertions.Expect(monitor.Locator("#finding-error")).ToContainTextAsync("请选择整改单位");
        await monitor.Locator("#field-unit").ClickAsync();
        await monitor.Locator("#field-unit").FillAsync("教育");
        await monitor.GetByRole(AriaRole.Option, new() { Name = "县教育局", Exact = true }).ClickAsync();
        await monitor.GetByLabel("问题类别").ClickAsync();
        await monitor.GetByRole(AriaRole.Option, new() { Name = "错别字", Exact = true }).ClickAsync();
        await monitor.GetByLabel("严重程度").ClickAsync();
        await monitor.GetByRole(AriaRole.Option, new() { Name = "严重", Exact = true }).ClickAsync();
        await monitor.Locator("#field-url").FillAsync("http://www.fufeng.gov.cn/jyj/gzdt/202603/t1.html");
        await monitor.Locator("#field-title").FillAsync(title);
        await monitor.Locator("#field-description").FillAsync("3月1日《县教育局召开春季开学工作会议》一文中“教育局”误写为“教有局”。");
        await BrowserFixture.ScreenshotAsync(monitor, "60-finding-new-filled");
        await monitor.Locator("#submit-finding").ClickAsync();
        await monitor.WaitForURLAsync(new Regex(@"/findings/\d+$"));
        var url = new Uri(monitor.Url).AbsolutePath;
        await Assertions.Expect(monitor.Locator(".status-chip").First).ToHaveTextAsync("已下发");
        await Assertions.Expect(monitor.Locator(".severity-chip").First).ToHaveTextAsync("严重");

        // 2. The unit's Editor finds it in the 工作台, signs for it, starts, writes the report, uploads evidence and submits.
        var editor = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(editor, "/");
        await Assertions.Expect(editor.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await BrowserFixture.OpenAsync(editor, url);
        await FireAsync(editor, "签收");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("已签收");
        await FireAsync(editor, "开始整改");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("整改中");
        await Assertions.Expect(editor.Locator(".disabled-reason[data-trigger='Submit']")).ToContainTextAsync("请先填写整改报告");
        await editor.Locator("#report-input").FillAsync("已将“教有局”更正为“教育局”，并复核本栏目近一个月信息。");
        await editor.Locator("#save-report").ClickAsync();
        await Assertions.Expect(editor.Locator(".disabled-reason[data-trigger='Submit']")).ToContainTextAsync("整改佐证");
        await editor.Locator("#attachments input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "更正后页面截图.png", MimeType = "image/png", Buffer = AttachmentServiceTests.Png(),
        });
        await Assertions.Expect(editor.Locator("#attachments")).ToContainTextAsync("更正后页面截图.png");
        await Assertions.Expect(editor.Locator("#attachments")).ToContainTextAsync("整改佐证");
        await Assertions.Expect(editor.Locator("button[data-trigger='Submit']")).ToBeEnabledAsync();
        await BrowserFixture.ScreenshotAsync(editor, "61-finding-rectifying-with-evidence");
        await FireAsync(editor, "提交整改报告");
        await Assertions.Expect(editor.Locator(".status-chip").First).ToHaveTextAsync("待核验");
        await Assertions.Expect(editor.Locator("#attachment-upload")).ToHaveCountAsync(0); // submitted: the evidence stays as sent

        // 3. The Monitor rejects it with a reason.
        await BrowserFixture.OpenAsync(monitor, url);
        await monitor.GetByRole(AriaRole.Button, new() { Name = "核验不通过", Exact = true }).ClickAsync();
        await monitor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(monitor.Locator(".mud-dialog")).ToContainTextAsync("请填写理由");
        await monitor.Locator("#action-comment").FillAsync("正文第三段仍有一处“教有局”。");
        await monitor.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(monitor.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(monitor.Locator(".status-chip").First).ToHaveTextAsync("整改中");

        // 4. The Editor resubmits and the Monitor closes it.
        await BrowserFixture.OpenAsync(editor, url);
        await Assertions.Expect(editor.Locator(".history")).ToContainTextAsync("正文第三段仍有一处“教有局”。");
        await editor.Locator("#report-input").FillAsync("两处“教有局”均已更正为“教育局”。");
        await editor.Locator("#save-report").ClickAsync();
        await FireAsync(editor, "提交整改报告");
        await BrowserFixture.OpenAsync(monitor, url);
        await FireAsync(monitor, "核验通过，销号");
        await Assertions.Expect(monitor.Locator(".status-chip").First).ToHaveTextAsync("已销号");
        await Assertions.Expect(monitor.Locator("#submission-outcome")).ToContainTextAsync("是，在整改时限内");
        await BrowserFixture.ScreenshotAsync(monitor, "62-finding-closed");

        await BrowserFixture.OpenAsync(monitor, "/findings");
        await Assertions.Expect(monitor.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(monitor, "63-findings-list");
    }

    [Fact]
    public async Task FindingScreens_EveryControl_HasAChineseAccessibleName()
    {
        var problems = new List<string>();
        var checkedCount = 0;
        async Task Visit(IPage page, string path, string where, string waitFor)
        {
            await BrowserFixture.OpenAsync(page, path);
            await page.Locator(waitFor).First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var controls = await AccessibleNamesTests.ControlsAsync(page, where);
            checkedCount += controls.Count;
            problems.AddRange(controls.Select(AccessibleNamesTests.Problem).OfType<string>());
        }

        var monitor = await f.SignInAsync("monitor");
        await Visit(monitor, "/findings", "整改列表", "#finding-grid");
        await Visit(monitor, "/findings/new", "下发问题", "#submit-finding");
        await Visit(monitor, "/findings/import", "导入检查报告", "#create-campaign");
        await BrowserFixture.ScreenshotAsync(monitor, "64-findings-import");

        Assert.True(checkedCount > 20, $"only {checkedCount} controls found: is the page rendering?");
        Assert.True(problems.Count == 0, "controls without a Chinese accessible name:\n" + string.Join('\n', problems.Distinct()));
    }
}
