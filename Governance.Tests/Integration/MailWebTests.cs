using System.Net;
using Governance.Data;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Workflows.Engine;
using Governance.Workflows.Mail;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Integration;

/// <summary>
/// E-mail in the running portal: the mail job is scheduled every minute; 邮件通知 is Admin's page, and the password saved
/// there is never in it; every user has 个人信息 to give their own address.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MailWebTests(GovernanceAppFactory app) : IClassFixture<GovernanceAppFactory>
{
    private const string Password = "Fufeng-邮件-2026";

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = app.NewClient();
        await GovernanceAppFactory.SignInAsync(client, user);
        return client;
    }

    private async Task<Actor> ActorAsync(string userName)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var u = await db.Users.Include(x => x.Unit).SingleAsync(x => x.UserName == userName);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name!).ToListAsync();
        return new Actor(u.Id, u.DisplayName, u.UnitId, u.Unit!.Name, roles.ToHashSet());
    }

    [Fact]
    public void RunningPortal_SchedulesTheMailJob_EveryMinute()
    {
        _ = app.Server;
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("* * * * *", Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Single(j => j.Id == "mail-outbox").Cron);
    }

    [Fact]
    public async Task MailPage_IsAdminsOnly_AndNeverContainsTheSavedPassword()
    {
        _ = app.Server;
        var saved = await app.Services.GetRequiredService<MailSettingsService>().SaveAsync(await ActorAsync("admin"), new MailSettingsInput
        {
            Enabled = false, Host = "mail.fufeng.example", Port = 587, Security = MailSecurity.StartTls, UserName = "zwgl", NewPassword = Password,
            FromAddress = "zwgl@fufeng.example", PortalBaseUrl = "http://zwgl.fufeng.example/",
        });
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Values));
        // Protected with the portal's own keys, in the data directory.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "*.xml"));
        Assert.Equal(Password, (await app.Services.GetRequiredService<MailSettingsService>().LoadForSendingAsync()).Endpoint!.Password);

        using var admin = await ClientAsync("admin");
        var page = await admin.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>邮件通知</h1>", html, StringComparison.Ordinal);
        Assert.Contains("mail.fufeng.example", html, StringComparison.Ordinal);
        Assert.Contains("已保存密码（不显示）；留空则不修改", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Fufeng-", html, StringComparison.Ordinal);

        foreach (var user in new[] { "editor", "monitor", "supervisor" })
        {
            using var other = await ClientAsync(user);
            var refused = await other.GetAsync("/admin/mail");
            var text = await refused.Content.ReadAsStringAsync();
            Assert.DoesNotContain("mail.fufeng.example", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SMTP 服务器", text, StringComparison.Ordinal);
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect
                        ? refused.Headers.Location!.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal)
                        : text.Contains("您没有访问此页面的权限", StringComparison.Ordinal), $"{user}: {refused.StatusCode}");
        }
    }

    [Fact]
    public async Task ProfilePage_EveryUserSeesTheirOwnAddressField()
    {
        using var editor = await ClientAsync("editor");
        var page = await editor.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>个人信息</h1>", html, StringComparison.Ordinal);
        Assert.Contains("张信息", html, StringComparison.Ordinal);
        Assert.Contains("id=\"profile-email\"", html, StringComparison.Ordinal);
    }
}
