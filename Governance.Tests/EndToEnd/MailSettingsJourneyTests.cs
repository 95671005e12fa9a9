using Governance.Data;
using Governance.Tests.Support;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// Admin sets e-mail up in the browser: their own address on 个人信息, the SMTP server on 邮件通知 (a real server on
/// loopback), a test mail, then a notification mailed by the job and shown as 已发送 in the outbox.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class MailSettingsJourneyTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_SetsOwnAddress_ConfiguresTheServer_SendsATestMail_SeesTheOutbox()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var page = await f.SignInAsync("admin");

        // 1. Own address, from the user menu.
        await page.Locator(".user-chip").ClickAsync();
        await page.GetByText("个人信息与邮箱", new() { Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/account/profile", StringComparison.Ordinal));
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("input#profile-email").FillAsync("wu.guanli@szx.fufeng.example");
        await page.ClickAsync("#profile-save");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "电子邮箱已保存。" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "97-profile-email");

        // 2. The server, with a bad port first.
        await page.GetByRole(AriaRole.Link, new() { Name = "邮件通知", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/admin/mail", StringComparison.Ordinal));
        await BrowserFixture.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#outbox-table")).ToContainTextAsync("发件箱中没有邮件");
        await page.GetByText("启用邮件通知").ClickAsync();
        await page.Locator("input#mail-host").FillAsync("127.0.0.1");
        await page.Locator("input#mail-port").FillAsync("70000");
        await page.Locator("input#mail-from").FillAsync("zwgl@fufeng.example");
        await page.Locator("input#mail-portal-url").FillAsync(f.BaseAddress.ToString());
        await page.ClickAsync("#mail-save");
        await Assertions.Expect(page.GetByText("端口须在 1 至 65535 之间。")).ToBeVisibleAsync();
        await page.Locator("input#mail-port").FillAsync(smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#mail-save");
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "邮件设置已保存，邮件通知已启用。" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("端口须在 1 至 65535 之间。")).ToHaveCountAsync(0);

        // 3. The test mail.
        await page.ClickAsync("#mail-test");
        await Assertions.Expect(page.Locator("#mail-result")).ToHaveTextAsync("测试邮件已发送至 wu.guanli@szx.fufeng.example，请查收。");
        Assert.Equal("【扶风县政府网站管理】测试邮件", Assert.Single(smtp.Received).Message.Subject);

        // 4. A notification to Admin: queued, sent by the job (the app's own minutely run or this one), shown as sent.
        var admin = await UserIdAsync("admin");
        await using (var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            NotificationService.Add(db, [admin], "status", "演示：邮件通知已启用", "浏览器测试写入的通知。", "/notifications", null, "journey-mail",
                f.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        await f.App.Services.GetRequiredService<Governance.Workflows.Mail.MailOutboxJob>().RunAsync();
        // Sent by this run, or by the app's own run that claimed it first: then wait for that one to finish.
        for (var i = 0; i < 200 && smtp.Received.Count < 2; i++) await Task.Delay(100);
        Assert.Equal(2, smtp.Received.Count);
        Assert.Contains(f.BaseAddress.ToString().TrimEnd('/') + "/notifications", smtp.Received.Last().Message.TextBody, StringComparison.Ordinal);
        await page.ClickAsync("#outbox-refresh");
        var row = page.Locator("#outbox-table tr", new() { HasText = "演示：邮件通知已启用" });
        await Assertions.Expect(row).ToContainTextAsync("已发送");
        await Assertions.Expect(row).ToContainTextAsync("wu.guanli@szx.fufeng.example");
        await BrowserFixture.ScreenshotAsync(page, "98-admin-mail-settings");

        // 5. An encrypted connection asks for the server certificate's fingerprint (not saved here).
        await Assertions.Expect(page.Locator("input#mail-certificate")).ToHaveCountAsync(0);
        await page.GetByLabel("加密方式").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "STARTTLS", Exact = true }).ClickAsync();
        await page.Locator("input#mail-certificate").FillAsync("AB:CD");
        await page.ClickAsync("#mail-test");
        await Assertions.Expect(page.GetByText("证书指纹须为 SHA-256 指纹：64 位十六进制数字，可用冒号分隔（如 openssl x509 -noout -fingerprint -sha256 所示）。"))
            .ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "98-admin-mail-certificate");
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }
}
