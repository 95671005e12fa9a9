using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Admin;
using Governance.Workflows.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Mail;

/// <summary>Mail settings and addresses for the mail tests, set through the services as Admin sets them.</summary>
internal static class MailTestKit
{
    public const string From = "zwgl@fufeng.example";
    public const string PortalUrl = "https://zwgl.fufeng.example/";
    public const string ReviewerAddress = "li.shenhe@jyj.fufeng.example";

    public static MailSettingsInput Settings(int port, bool enabled = true, string? user = null, string? password = null) => new()
    {
        Enabled = enabled, Host = "127.0.0.1", Port = port, Security = MailSecurity.None, UserName = user, NewPassword = password,
        FromAddress = From, FromName = "扶风县政府网站管理工作流门户", PortalBaseUrl = PortalUrl,
    };

    public static async Task SaveMailSettingsAsync(this WorkflowTestHost host, MailSettingsInput input)
    {
        var result = await host.Get<MailSettingsService>().SaveAsync(await host.ActorAsync("admin"), input);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
    }

    public static async Task SetEmailAsync(this WorkflowTestHost host, string userName, string? address, string by = "admin")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
            .SetEmailAsync(await host.ActorAsync(by), await host.UserIdAsync(userName), address);
        Assert.Null(error);
    }

    public static MailOutboxJob Job(this WorkflowTestHost host) => host.Get<MailOutboxJob>();

    public static async Task<List<OutboxMail>> OutboxAsync(this WorkflowTestHost host)
    {
        await using var db = host.NewDbContext();
        return await db.MailOutbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }
}
