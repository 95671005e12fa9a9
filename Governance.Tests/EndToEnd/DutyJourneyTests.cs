using System.Text.RegularExpressions;
using Governance.Data;
using Governance.Tests.Support;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Definitions.Duties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// The recurring duties in a real browser (第15条(一) 每月组织开展一次安全自查): the scheduler opens this month's self-check for
/// 县行政审批服务局; its reviewer (demo user <c>duty</c>) finds it in the 工作台 and in 定期任务, is told to upload the check
/// record first, uploads it, ticks the five checks and completes it; the task is then 已完成 and frozen. Another unit's
/// editor does not see it. Screenshots 95–98.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class DutyJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{


    [Fact]
    public async Task MonthlySelfCheck_FoundInTheInbox_NeedsEvidence_CompletedWithTheChecklist()
    {
        await f.App.Services.GetRequiredService<DutyScheduler>().RunAsync();
        long id;
        await using (var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            id = await db.DutyTasks.Where(t => t.Kind == DutyWorkflow.Kinds.Security).OrderByDescending(t => t.InstanceId).Select(t => t.InstanceId).FirstAsync();
        var monthly = new Regex(@"^\d{4}年\d{1,2}月政府网站安全自查$");

        // The reviewer of 县行政审批服务局 finds it in the 工作台 and in 定期任务.
        var duty = await f.SignInAsync("duty");
        await Assertions.Expect(duty.GetByRole(AriaRole.Link, new() { NameRegex = monthly }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(duty, "95-duty-inbox");
        await BrowserFixture.OpenAsync(duty, "/duties");
        await Assertions.Expect(duty.Locator("#duty-table")).ToContainTextAsync("每月安全自查");
        await BrowserFixture.ScreenshotAsync(duty, "96-duties-list");

        // Completing needs the check record first: the button says why it is not yet enabled.
        await BrowserFixture.OpenAsync(duty, $"/duties/{id}");
        await Assertions.Expect(duty.Locator(".status-chip").First).ToHaveTextAsync("每月安全自查");
        await Assertions.Expect(duty.Locator("#duty-help")).ToBeVisibleAsync();
        await Assertions.Expect(duty.Locator(".disabled-reason[data-trigger='CompleteSecurity']")).ToContainTextAsync("请先上传自查记录");
        await duty.Locator("#attachments input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "11月安全自查记录.png", MimeType = "image/png", Buffer = AttachmentServiceTests.Png(),
        });
        await Assertions.Expect(duty.Locator("#attachments")).ToContainTextAsync("11月安全自查记录.png");
        await Assertions.Expect(duty.Locator("button[data-trigger='CompleteSecurity']")).ToBeEnabledAsync();
        await BrowserFixture.ScreenshotAsync(duty, "97-duty-detail-with-evidence");

        // The dialog refuses until every check is ticked, then completes.
        await duty.Locator("button[data-trigger='CompleteSecurity']").ClickAsync();
        await duty.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(duty.Locator(".mud-dialog")).ToContainTextAsync("须确认防篡改措施已检查有效");
        foreach (var check in new[] { "防篡改措施已检查有效", "防病毒措施已检查有效", "数据备份已检查可恢复", "账号口令已检查（专人专管、无弱口令）", "域名解析已检查无异常" })
            await duty.GetByRole(AriaRole.Checkbox, new() { Name = check }).CheckAsync();
        await duty.Locator("#action-confirm").ClickAsync();
        await Assertions.Expect(duty.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(duty.Locator(".status-chip").First).ToHaveTextAsync("已完成");
        await Assertions.Expect(duty.Locator("#attachment-upload")).ToHaveCountAsync(0); // final: frozen
        await BrowserFixture.ScreenshotAsync(duty, "98-duty-done");

        // Another unit's editor does not get it.
        var editor = await f.SignInAsync("editor2");
        await BrowserFixture.OpenAsync(editor, $"/duties/{id}");
        await Assertions.Expect(editor.Locator("body")).Not.ToContainTextAsync("防篡改");
        await Assertions.Expect(editor.Locator("body")).Not.ToContainTextAsync("安全自查记录");
    }
}
