using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Admin;
using Governance.Workflows.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Mail;

/// <summary>
/// Admin's mail settings: the password kept protected and never given back, every change audited; users' e-mail
/// addresses; the test mail. (Refusals: <see cref="MailSettingsValidationTests"/>.)
/// </summary>
public sealed class MailSettingsTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.CreateAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private MailSettingsService Service => _host.Get<MailSettingsService>();

    private async Task<(List<Setting> Settings, List<string> Audit)> StoredAsync()
    {
        await using var db = _host.NewDbContext();
        return (await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith("Mail.") || s.Key.StartsWith("Portal.")).OrderBy(s => s.Key).ToListAsync(),
            await db.AuditEntries.AsNoTracking().Where(a => a.Kind == "setting.change" || a.Kind.StartsWith("mail.")).OrderBy(a => a.Id)
                .Select(a => a.Detail).ToListAsync());
    }

    [Fact]
    public async Task Password_StoredProtected_NeverGivenBack_AuditedWithoutItsValue_ClearedOnRequest()
    {
        const string password = "Fufeng-邮件-2026";
        var admin = await _host.ActorAsync("admin");
        var input = MailTestKit.Settings(2525, user: "zwgl", password: password);
        input.Security = MailSecurity.StartTls;
        input.FromName = "扶风县政务公开办";
        Assert.True((await Service.SaveAsync(admin, input)).Succeeded);

        var (settings, audit) = await StoredAsync();
        Assert.Equal(
            ["Mail.Enabled=true", "Mail.FromAddress=zwgl@fufeng.example", "Mail.FromName=扶风县政务公开办", "Mail.Host=127.0.0.1", "Mail.Port=2525",
             "Mail.Security=StartTls", "Mail.UserName=zwgl", "Portal.BaseUrl=https://zwgl.fufeng.example/"],
            settings.Where(s => s.Key != MailSettings.PasswordKey).Select(s => $"{s.Key}={s.Value}"));
        var stored = settings.Single(s => s.Key == MailSettings.PasswordKey).Value;
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Fufeng", stored, StringComparison.Ordinal);
        Assert.Equal("吴管理", settings.Single(s => s.Key == MailSettings.PasswordKey).UpdatedBy);
        Assert.Contains("Mail.Password: （已更改，内容不记录）", audit);
        Assert.Contains("Mail.Host: （默认） → 127.0.0.1", audit);
        Assert.Contains("Mail.Port: （默认） → 2525", audit);
        Assert.Contains("Portal.BaseUrl: （默认） → https://zwgl.fufeng.example/", audit);
        Assert.DoesNotContain(audit, a => a.Contains(password, StringComparison.Ordinal) || a.Contains(stored, StringComparison.Ordinal));

        // Read back for the page: that one is stored, not what it is.
        var loaded = await Service.LoadAsync();
        Assert.True(loaded.HasPassword);
        Assert.Null(MailSettingsInput.From(loaded).NewPassword);
        Assert.DoesNotContain(password, loaded.ToString(), StringComparison.Ordinal);
        // Only the sender gets it, unprotected, in memory.
        var (_, endpoint, problem) = await Service.LoadForSendingAsync();
        Assert.Null(problem);
        Assert.Equal(new SmtpEndpoint("127.0.0.1", 2525, MailSecurity.StartTls, "zwgl", password), endpoint);

        // Saving again with an empty password field keeps it (and audits nothing new for it).
        var again = MailTestKit.Settings(2525, user: "zwgl");
        again.Security = MailSecurity.StartTls;
        again.FromName = "扶风县政务公开办";
        Assert.True((await Service.SaveAsync(admin, again)).Succeeded);
        Assert.Equal(audit, (await StoredAsync()).Audit);
        Assert.Equal(password, (await Service.LoadForSendingAsync()).Endpoint!.Password);

        // Cleared on request.
        again.ClearPassword = true;
        Assert.True((await Service.SaveAsync(admin, again)).Succeeded);
        Assert.False((await Service.LoadAsync()).HasPassword);
        Assert.Null((await Service.LoadForSendingAsync()).Endpoint!.Password);
        Assert.Equal("Mail.Password: （已清除）", (await StoredAsync()).Audit.Last());
    }

    [Fact]
    public async Task APasswordTheKeysCannotOpen_IsReportedInChinese_NotSent()
    {
        Assert.True((await Service.SaveAsync(await _host.ActorAsync("admin"), MailTestKit.Settings(2525, user: "zwgl", password: "secret-1"))).Succeeded);
        // As after a restore on another server: the row is there, its keys are not.
        await using (var db = _host.NewDbContext())
            await db.Settings.Where(s => s.Key == MailSettings.PasswordKey).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, "CfDJ8-not-ours"));
        // A fresh start of the portal (the settings' cache is per process).
        var settings = new Governance.Workflows.Settings.SettingsService(_host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Governance.Data.GovernanceDbContext>>(),
            _host.Clock, _host.Get<Governance.Workflows.Audit.AuditLog>(), new Governance.Workflows.Notifications.InProcessClusterEvents());
        var service = new MailSettingsService(settings, _host.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(),
            _host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Governance.Data.GovernanceDbContext>>(), _host.Get<SmtpMailer>(),
            _host.Get<Governance.Workflows.Audit.AuditLog>(), _host.Clock);
        var (_, endpoint, problem) = await service.LoadForSendingAsync();
        Assert.Null(endpoint);
        Assert.Equal("已保存的 SMTP 密码无法解密（数据保护密钥已更换，例如数据库在另一台服务器上恢复）：请在“邮件通知”设置页重新输入密码。", problem);
        Assert.True(await service.PasswordUnreadableAsync());
        Assert.True((await service.LoadAsync()).HasPassword);
    }

    [Fact]
    public async Task UserEmail_AdminSetsAnyones_AUserOnlyTheirOwn_ValidatedAndAudited()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var admin = await _host.ActorAsync("admin");
        var editor = await _host.ActorAsync("editor");
        var reviewerId = await _host.UserIdAsync("reviewer");

        Assert.Null(await users.GetEmailAsync(admin, reviewerId)); // the demo users have none
        Assert.Equal("电子邮箱格式不正确（应为 name@example.gov.cn 这样的地址）。", await users.SetEmailAsync(admin, reviewerId, "li.shenhe"));
        Assert.Equal("电子邮箱格式不正确（应为 name@example.gov.cn 这样的地址）。", await users.SetEmailAsync(admin, reviewerId, "li shenhe@fufeng.example"));
        Assert.Null(await users.GetEmailAsync(admin, reviewerId));
        Assert.Null(await users.SetEmailAsync(admin, reviewerId, " li.shenhe@jyj.fufeng.example "));
        Assert.Equal("li.shenhe@jyj.fufeng.example", await users.GetEmailAsync(admin, reviewerId));

        Assert.Equal("只能修改自己的电子邮箱。", await users.SetEmailAsync(editor, reviewerId, "x@fufeng.example"));
        Assert.Null(await users.GetEmailAsync(editor, reviewerId));
        Assert.Null(await users.SetEmailAsync(editor, editor.UserId, "zhang.xinxi@jyj.fufeng.example"));
        Assert.Equal("zhang.xinxi@jyj.fufeng.example", await users.GetEmailAsync(editor, editor.UserId));
        Assert.Null(await users.SetEmailAsync(editor, editor.UserId, ""));
        Assert.Null(await users.GetEmailAsync(editor, editor.UserId));

        await using var db = _host.NewDbContext();
        var audit = await db.AuditEntries.Where(a => a.Kind == "user.email").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        Assert.Equal(["用户 reviewer 的电子邮箱改为 li.shenhe@jyj.fufeng.example", "用户 editor 的电子邮箱改为 zhang.xinxi@jyj.fufeng.example",
            "用户 editor 的电子邮箱已清除"], audit);
        // Setting it keeps the user signed in (no new security stamp).
        var stamp = await db.Users.Where(u => u.Id == reviewerId).Select(u => u.SecurityStamp).SingleAsync();
        Assert.Null(await users.SetEmailAsync(admin, reviewerId, "li2@jyj.fufeng.example"));
        await using var db2 = _host.NewDbContext();
        Assert.Equal(stamp, await db2.Users.Where(u => u.Id == reviewerId).Select(u => u.SecurityStamp).SingleAsync());
    }

    [Fact]
    public async Task NewUser_WithABadAddress_IsRefused_WithAGoodOne_HasIt()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var admin = await _host.ActorAsync("admin");
        var input = new NewUser
        {
            UserName = "liuxin", DisplayName = "刘新", UnitId = await _host.UnitIdAsync("县教育局"), Roles = [Roles.Editor],
            Password = "Start-2026a", Email = "liuxin@",
        };
        Assert.Equal(["电子邮箱格式不正确（应为 name@example.gov.cn 这样的地址）。"], await users.CreateAsync(admin, input));
        input.Email = "liuxin@jyj.fufeng.example";
        Assert.Empty(await users.CreateAsync(admin, input));
        Assert.Equal("liuxin@jyj.fufeng.example", (await users.ListAsync(admin)).Single(u => u.UserName == "liuxin").Email);
    }

    [Fact]
    public async Task TestMail_GoesToTheAdminsOwnAddress_WithTheTypedSettings_OrSaysWhyNot()
    {
        var admin = await _host.ActorAsync("admin");
        var noAddress = await Service.SendTestAsync(admin, MailTestKit.Settings(2525));
        Assert.Equal("您的账号还没有电子邮箱：请先在“个人信息”中填写，测试邮件会发到该地址。", noAddress.Errors[""]);
        await _host.SetEmailAsync("admin", "wu.guanli@szx.fufeng.example");

        var badInput = MailTestKit.Settings(0);
        badInput.Host = null;
        var invalid = await Service.SendTestAsync(admin, badInput);
        Assert.Equal("请填写 SMTP 服务器地址。", invalid.Errors["Host"]);
        Assert.Equal("端口须在 1 至 65535 之间。", invalid.Errors["Port"]);

        var port = LoopbackSmtpServer.FreePort();
        var down = await Service.SendTestAsync(admin, MailTestKit.Settings(port, enabled: false));
        Assert.Equal($"测试邮件发送失败：无法连接邮件服务器 127.0.0.1:{port}（连接被拒绝，该端口上没有邮件服务）。请检查服务器地址、端口和防火墙。", down.Errors[""]);

        await using var smtp = await LoopbackSmtpServer.StartAsync(port);
        // Not enabled and not saved: the test uses what is typed.
        var sent = await Service.SendTestAsync(admin, MailTestKit.Settings(port, enabled: false));
        Assert.True(sent.Succeeded);
        Assert.Equal("测试邮件已发送至 wu.guanli@szx.fufeng.example，请查收。", sent.Message);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["wu.guanli@szx.fufeng.example"], mail.To);
        Assert.Equal("【扶风县政府网站管理】测试邮件", mail.Message.Subject);
        Assert.StartsWith("吴管理，您好：\n\n这是一封测试邮件，于 2026-03-02 09:00 从门户的“邮件通知”设置页发出。", mail.Message.TextBody!.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.Contains("门户地址：https://zwgl.fufeng.example/", mail.Message.TextBody, StringComparison.Ordinal);
        var (settings, audit) = await StoredAsync();
        Assert.Empty(settings);
        Assert.Equal([$"测试邮件发送失败：wu.guanli@szx.fufeng.example，无法连接邮件服务器 127.0.0.1:{port}（连接被拒绝，该端口上没有邮件服务）。请检查服务器地址、端口和防火墙。",
            $"测试邮件已发送：wu.guanli@szx.fufeng.example（127.0.0.1:{port}）"], audit);
    }
}

/// <summary>
/// Refusals of the mail settings on one shared database (none of them stores anything): bad values get a Chinese message on
/// their field and change nothing; only Admin may save or send a test mail.
/// </summary>
public sealed class MailSettingsValidationTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private readonly WorkflowTestHost _host = host;

    private MailSettingsService Service => _host.Get<MailSettingsService>();

    private async Task<(List<Setting> Settings, List<string> Audit)> StoredAsync()
    {
        await using var db = _host.NewDbContext();
        return (await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith("Mail.") || s.Key.StartsWith("Portal.")).OrderBy(s => s.Key).ToListAsync(),
            await db.AuditEntries.AsNoTracking().Where(a => a.Kind == "setting.change" || a.Kind.StartsWith("mail.")).OrderBy(a => a.Id)
                .Select(a => a.Detail).ToListAsync());
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "port 0", nameof(MailSettingsInput.Port), "端口须在 1 至 65535 之间。" },
        { "port 65536", nameof(MailSettingsInput.Port), "端口须在 1 至 65535 之间。" },
        { "no host", nameof(MailSettingsInput.Host), "启用邮件通知时须填写 SMTP 服务器地址。" },
        { "host with a space", nameof(MailSettingsInput.Host), "SMTP 服务器地址格式不正确（应为 mail.example.gov.cn 这样的主机名或 IP 地址）。" },
        { "host with a scheme", nameof(MailSettingsInput.Host), "SMTP 服务器地址格式不正确（应为 mail.example.gov.cn 这样的主机名或 IP 地址）。" },
        { "no sender", nameof(MailSettingsInput.FromAddress), "启用邮件通知时须填写发件人地址。" },
        { "bad sender", nameof(MailSettingsInput.FromAddress), "发件人地址格式不正确（应为 name@example.gov.cn 这样的地址）。" },
        { "sender with a name", nameof(MailSettingsInput.FromAddress), "发件人地址格式不正确（应为 name@example.gov.cn 这样的地址）。" },
        { "no portal address", nameof(MailSettingsInput.PortalBaseUrl), "启用邮件通知时须填写门户访问地址（邮件中的链接指向这里）。" },
        { "portal address without scheme", nameof(MailSettingsInput.PortalBaseUrl), "门户访问地址须为以 http:// 或 https:// 开头的完整地址，例如 http://zwgl.fufeng.gov.cn/。" },
        { "ftp portal address", nameof(MailSettingsInput.PortalBaseUrl), "门户访问地址须为以 http:// 或 https:// 开头的完整地址，例如 http://zwgl.fufeng.gov.cn/。" },
        { "password without account", nameof(MailSettingsInput.UserName), "填写了密码时须同时填写账号。" },
    };

    private static MailSettingsInput Bad(string name)
    {
        var i = MailTestKit.Settings(2525);
        switch (name)
        {
            case "port 0": i.Port = 0; break;
            case "port 65536": i.Port = 65536; break;
            case "no host": i.Host = "  "; break;
            case "host with a space": i.Host = "mail server.fufeng"; break;
            case "host with a scheme": i.Host = "smtp://mail.fufeng.example"; break;
            case "no sender": i.FromAddress = null; break;
            case "bad sender": i.FromAddress = "zwgl.fufeng.example"; break;
            case "sender with a name": i.FromAddress = "门户 <zwgl@fufeng.example>"; break;
            case "no portal address": i.PortalBaseUrl = ""; break;
            case "portal address without scheme": i.PortalBaseUrl = "zwgl.fufeng.example"; break;
            case "ftp portal address": i.PortalBaseUrl = "ftp://zwgl.fufeng.example/"; break;
            case "password without account": i.NewPassword = "secret-1"; break;
        }
        return i;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_ChineseMessageOnTheField_NothingStoredNothingAudited(string name, string field, string message)
    {
        var before = await StoredAsync();
        var result = await Service.SaveAsync(await _host.ActorAsync("admin"), Bad(name));
        Assert.False(result.Succeeded);
        Assert.Equal(message, result.Errors[field]);
        Assert.Single(result.Errors);
        var after = await StoredAsync();
        Assert.Empty(after.Settings);
        Assert.Equal(before.Audit, after.Audit);
        Assert.False((await Service.LoadAsync()).Enabled);
    }

    [Fact]
    public async Task MailOff_OnlyTheFormatIsChecked_AnEmptyFormSaves()
    {
        var result = await Service.SaveAsync(await _host.ActorAsync("admin"), new MailSettingsInput { Port = 25 });
        Assert.True(result.Succeeded);
        Assert.Equal("邮件设置已保存（邮件通知未启用）。", result.Message);
        Assert.Empty((await StoredAsync()).Settings);
        var off = new MailSettingsInput { Port = 0 };
        Assert.Equal("端口须在 1 至 65535 之间。", (await Service.SaveAsync(await _host.ActorAsync("admin"), off)).Errors["Port"]);
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("monitor")]
    [InlineData("supervisor")]
    public async Task OnlyAdmin_MaySaveOrSendATestMail(string user)
    {
        var actor = await _host.ActorAsync(user);
        var saved = await Service.SaveAsync(actor, MailTestKit.Settings(2525, user: "zwgl", password: "secret-1"));
        Assert.Equal("只有系统管理员可以修改邮件设置。", saved.Errors[""]);
        var test = await Service.SendTestAsync(actor, MailTestKit.Settings(2525));
        Assert.Equal("只有系统管理员可以发送测试邮件。", test.Errors[""]);
        var stored = await StoredAsync();
        Assert.Empty(stored.Settings);
        Assert.Empty(stored.Audit);
        // The settings service refuses a non-Admin as well, whatever calls it.
        Assert.Equal("只有系统管理员可以修改设置。",
            await _host.Settings.SetManyAsync(actor, [new Governance.Workflows.Settings.SettingChange(MailSettings.EnabledKey, "true")]));
        Assert.False((await Service.LoadAsync()).Enabled);
    }
}
