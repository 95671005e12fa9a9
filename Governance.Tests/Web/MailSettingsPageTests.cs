using AngleSharp.Dom;
using Bunit;
using Governance.Data;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Admin;
using Governance.Workflows.Mail;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>
/// 邮件通知 (/admin/mail) as Admin uses it: a bad port is refused in Chinese and nothing stored; the saved password is never
/// rendered back; 发送测试邮件 goes through a real SMTP server on loopback (which requires the stored password); the
/// outbox shows what waits and what was sent.
/// </summary>
public sealed class MailSettingsPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private const string Password = "Fufeng-邮件-2026";
    private readonly WebDemoDatabase _db;

    public MailSettingsPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    /// <summary>The input of a field: the element with the id, or the input inside it.</summary>
    private static IElement Input(IRenderedComponent<MailSettingsPage> cut, string id)
    {
        var e = cut.Find("#" + id);
        return e.TagName == "INPUT" ? e : e.QuerySelector("input")!;
    }

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        return await db.Settings.Where(s => s.Key.StartsWith("Mail.") || s.Key.StartsWith("Portal.")).Select(s => s.Key + "=" + s.Value).ToListAsync();
    }

    [Fact]
    public async Task BadPortRefusedInChinese_ThenSaved_PasswordNeverRenderedBack_TestMailUsesTheStoredPassword_OutboxShown()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("zwgl", Password));
        await using (var scope = Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdminService>()
                .SetEmailAsync(_db.Actors["admin"], _db.Actors["admin"].UserId, "wu.guanli@szx.fufeng.example"));

        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
        var cut = Render<MailSettingsPage>();
        cut.WaitForElement("#mail-host");
        Assert.Contains("未保存密码", cut.Markup);
        Assert.Contains("发件箱中没有邮件", cut.Find("#outbox-table").TextContent);

        Input(cut, "mail-enabled").Change(true);
        Input(cut, "mail-host").Change("127.0.0.1");
        Input(cut, "mail-port").Change("0");
        Input(cut, "mail-user").Change("zwgl");
        Input(cut, "mail-password").Change(Password);
        Input(cut, "mail-from").Change("zwgl@fufeng.example");
        Input(cut, "mail-portal-url").Change("http://zwgl.fufeng.example/");
        cut.Find("#mail-save").Click();
        cut.WaitForAssertion(() => Assert.Contains("端口须在 1 至 65535 之间。", cut.Markup));
        Assert.Empty(await StoredKeysAsync());

        Input(cut, "mail-port").Change(smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("#mail-save").Click();
        cut.WaitForAssertion(() => Assert.Contains("已保存密码（不显示）；留空则不修改", cut.Markup));
        Assert.DoesNotContain("端口须在", cut.Markup);
        var stored = await StoredKeysAsync();
        Assert.Contains("Mail.Enabled=true", stored);
        Assert.Contains($"Mail.Port={smtp.Port}", stored);
        // Never rendered back: not as the value, nowhere in the page.
        Assert.Equal("", Input(cut, "mail-password").GetAttribute("value") ?? "");
        Assert.DoesNotContain(Password, cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Single(s => s.StartsWith("Mail.Password=", StringComparison.Ordinal))["Mail.Password=".Length..], cut.Markup,
            StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#mail-clear-password"));

        // The password field is empty: the stored password signs in to the server.
        cut.Find("#mail-test").Click();
        cut.WaitForAssertion(() => Assert.Equal("测试邮件已发送至 wu.guanli@szx.fufeng.example，请查收。", cut.Find("#mail-result").TextContent.Trim()));
        var mail = Assert.Single(smtp.Received);
        Assert.Equal("zwgl", mail.AuthenticatedUser);
        Assert.Equal("【扶风县政府网站管理】测试邮件", mail.Message.Subject);

        // A notification to Admin is queued; the outbox shows it waiting, then sent.
        await using (var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            NotificationService.Add(db, [_db.Actors["admin"].UserId], "status", "页面测试通知", null, "/admin/mail", null, "pagetest", WebDemoDatabase.Now.UtcDateTime);
            await db.SaveChangesAsync();
        }
        cut.Find("#outbox-refresh").Click();
        cut.WaitForAssertion(() => Assert.Contains("页面测试通知", cut.Find("#outbox-table").TextContent));
        Assert.Equal("Pending", cut.Find("[data-outbox-status]").GetAttribute("data-outbox-status"));
        Assert.Contains("wu.guanli@szx.fufeng.example", cut.Find("#outbox-table").TextContent);
        Assert.Equal(1, await Services.GetRequiredService<MailOutboxJob>().RunAsync());
        cut.Find("#outbox-refresh").Click();
        cut.WaitForAssertion(() => Assert.Equal("Sent", cut.Find("[data-outbox-status]").GetAttribute("data-outbox-status")));
        Assert.Contains("已发送", cut.Find("#outbox-table").TextContent);
        Assert.Equal(2, smtp.Received.Count);
    }
}
