using System.Globalization;
using System.Security.Cryptography;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Governance.Workflows.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Mail;

/// <summary>The outcome of saving the mail settings or sending the test mail: Chinese errors by field ("" for the form).</summary>
public sealed record MailSettingsResult(IReadOnlyDictionary<string, string> Errors, string? Message = null)
{
    public bool Succeeded => Errors.Count == 0;
    public static MailSettingsResult Ok(string message) => new(new Dictionary<string, string>(), message);
    public static MailSettingsResult Fail(string message) => new(new Dictionary<string, string> { [""] = message });
}

/// <summary>
/// Admin's mail settings (Admin → 邮件通知): read them (never the password), validate and save them in one transaction
/// with an audit entry per changed key, and send a test mail to the Admin's own address. The password is protected with
/// ASP.NET Core Data Protection (the keys in the data directory's keys/ folder, as the sign-in cookies' are).
/// </summary>
public sealed class MailSettingsService(
    SettingsService settings,
    IDataProtectionProvider dataProtection,
    IDbContextFactory<GovernanceDbContext> dbFactory,
    SmtpMailer mailer,
    AuditLog audit,
    TimeProvider time)
{
    public const int MaxHostLength = 253, MaxUserNameLength = 200, MaxPasswordLength = 200, MaxFromNameLength = 50, MaxUrlLength = 300;

    private IDataProtector Protector => dataProtection.CreateProtector(MailSettings.PasswordPurpose);

    /// <summary>The settings as the page shows them: whether a password is stored, never the password.</summary>
    public async Task<MailSettings> LoadAsync(CancellationToken ct = default)
    {
        var security = Enum.TryParse<MailSecurity>(await settings.GetAsync(MailSettings.SecurityKey, ct), out var s) ? s : MailSecurity.None;
        return new MailSettings(
            await settings.GetBoolAsync(MailSettings.EnabledKey, false, ct),
            await settings.GetAsync(MailSettings.HostKey, ct),
            await settings.GetIntAsync(MailSettings.PortKey, MailSettings.DefaultPort, ct),
            security,
            await settings.GetAsync(MailSettings.UserNameKey, ct),
            await settings.GetAsync(MailSettings.PasswordKey, ct) is not null,
            await settings.GetAsync(MailSettings.FromAddressKey, ct),
            await settings.GetAsync(MailSettings.FromNameKey, ct) ?? MailSettings.DefaultFromName,
            await settings.GetAsync(MailSettings.PortalBaseUrlKey, ct),
            MailCertificates.Normalize(await settings.GetAsync(MailSettings.CertificateKey, ct)));
    }

    /// <summary>
    /// Where to send with the stored settings, the password unprotected; null with a Chinese reason when they cannot be
    /// used (no server, or a password the keys no longer open — e.g. the database restored on another server).
    /// </summary>
    public async Task<(MailSettings Settings, SmtpEndpoint? Endpoint, string? Problem)> LoadForSendingAsync(CancellationToken ct = default)
    {
        var s = await LoadAsync(ct);
        if (s.Host is null || s.FromAddress is null) return (s, null, "邮件服务器或发件人地址未设置。");
        string? password = null;
        if (await settings.GetAsync(MailSettings.PasswordKey, ct) is { } protectedPassword)
        {
            password = Unprotect(protectedPassword);
            if (password is null) return (s, null, UnreadablePassword);
        }
        return (s, new SmtpEndpoint(s.Host, s.Port, s.Security, s.UserName, password, s.CertificateSha256), null);
    }

    public const string UnreadablePassword = "已保存的 SMTP 密码无法解密（数据保护密钥已更换，例如数据库在另一台服务器上恢复）：请在“邮件通知”设置页重新输入密码。";

    /// <summary>Whether a password is stored that the keys cannot open (the page asks Admin to type it again).</summary>
    public async Task<bool> PasswordUnreadableAsync(CancellationToken ct = default) =>
        await settings.GetAsync(MailSettings.PasswordKey, ct) is { } p && Unprotect(p) is null;

    private string? Unprotect(string protectedPassword)
    {
        try
        {
            return Protector.Unprotect(protectedPassword);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Checks the input: Chinese messages by field; empty when it may be saved (or used for a test mail).</summary>
    public static Dictionary<string, string> Validate(MailSettingsInput input, bool forTest = false)
    {
        var e = new Dictionary<string, string>();
        var needed = input.Enabled || forTest;
        var host = Clean(input.Host);
        if (host is null)
        {
            if (needed) e[nameof(input.Host)] = forTest ? "请填写 SMTP 服务器地址。" : "启用邮件通知时须填写 SMTP 服务器地址。";
        }
        else if (host.Length > MaxHostLength || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            e[nameof(input.Host)] = "SMTP 服务器地址格式不正确（应为 mail.example.gov.cn 这样的主机名或 IP 地址）。";
        if (input.Port is < 1 or > 65535) e[nameof(input.Port)] = "端口须在 1 至 65535 之间。";
        if (!Enum.IsDefined(input.Security)) e[nameof(input.Security)] = "加密方式无效。";
        var user = Clean(input.UserName);
        if (user is not null && user.Length > MaxUserNameLength) e[nameof(input.UserName)] = $"账号不能超过 {MaxUserNameLength} 个字符。";
        if (!string.IsNullOrEmpty(input.NewPassword) && input.NewPassword.Length > MaxPasswordLength)
            e[nameof(input.NewPassword)] = $"密码不能超过 {MaxPasswordLength} 个字符。";
        if (user is null && !string.IsNullOrEmpty(input.NewPassword) && !input.ClearPassword)
            e[nameof(input.UserName)] = "填写了密码时须同时填写账号。";
        var from = MailAddresses.Clean(input.FromAddress);
        if (from is null)
        {
            if (needed) e[nameof(input.FromAddress)] = forTest ? "请填写发件人地址。" : "启用邮件通知时须填写发件人地址。";
        }
        else if (MailAddresses.Check(from, "发件人地址") is { } fromError) e[nameof(input.FromAddress)] = fromError;
        if (PlainText.CleanLine(input.FromName).Length > MaxFromNameLength)
            e[nameof(input.FromName)] = $"发件人名称不能超过 {MaxFromNameLength} 个字符。";
        var url = Clean(input.PortalBaseUrl);
        if (url is null)
        {
            if (input.Enabled) e[nameof(input.PortalBaseUrl)] = "启用邮件通知时须填写门户访问地址（邮件中的链接指向这里）。";
        }
        else if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                 || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0 || uri.Fragment.Length > 0
                 || uri.UserInfo.Length > 0)
            e[nameof(input.PortalBaseUrl)] = "门户访问地址须为以 http:// 或 https:// 开头的完整地址，例如 http://zwgl.fufeng.gov.cn/。";
        // A plain connection has no certificate: the field is hidden then, and nothing of it is kept.
        if (input.Security != MailSecurity.None && !string.IsNullOrWhiteSpace(input.CertificateSha256)
                                                && MailCertificates.Normalize(input.CertificateSha256) is null)
            e[nameof(input.CertificateSha256)] = "证书指纹须为 SHA-256 指纹：64 位十六进制数字，可用冒号分隔（如 openssl x509 -noout -fingerprint -sha256 所示）。";
        return e;
    }

    /// <summary>
    /// Saves the settings (Admin only): nothing is stored unless all of them are valid. Switching mail off cancels the
    /// e-mails still waiting (they are not sent later when it is switched on again).
    /// </summary>
    public async Task<MailSettingsResult> SaveAsync(Actor actor, MailSettingsInput input, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return MailSettingsResult.Fail("只有系统管理员可以修改邮件设置。");
        var errors = Validate(input);
        if (errors.Count > 0) return new MailSettingsResult(errors);
        var wasEnabled = await settings.GetBoolAsync(MailSettings.EnabledKey, false, ct);
        var fromName = PlainText.CleanLine(input.FromName);
        var changes = new List<SettingChange>
        {
            new(MailSettings.EnabledKey, input.Enabled ? "true" : null),
            new(MailSettings.HostKey, Clean(input.Host)),
            new(MailSettings.PortKey, input.Port == MailSettings.DefaultPort ? null : input.Port.ToString(CultureInfo.InvariantCulture)),
            new(MailSettings.SecurityKey, input.Security == MailSecurity.None ? null : input.Security.ToString()),
            new(MailSettings.UserNameKey, Clean(input.UserName)),
            new(MailSettings.FromAddressKey, MailAddresses.Clean(input.FromAddress)),
            new(MailSettings.FromNameKey, fromName.Length == 0 || fromName == MailSettings.DefaultFromName ? null : fromName),
            new(MailSettings.PortalBaseUrlKey, Clean(input.PortalBaseUrl)),
            new(MailSettings.CertificateKey, input.Security == MailSecurity.None ? null : MailCertificates.Normalize(input.CertificateSha256)),
        };
        if (input.ClearPassword || Clean(input.UserName) is null)
            changes.Add(new(MailSettings.PasswordKey, null, Secret: true));
        else if (!string.IsNullOrEmpty(input.NewPassword))
            changes.Add(new(MailSettings.PasswordKey, Protector.Protect(input.NewPassword), Secret: true));
        if (await settings.SetManyAsync(actor, changes, ct) is { } refused) return MailSettingsResult.Fail(refused);
        if (wasEnabled && !input.Enabled)
        {
            var cancelled = await CancelPendingAsync(ct);
            if (cancelled > 0)
            {
                await audit.WriteAsync(actor.UserId, actor.Name, "mail.cancel", $"关闭邮件通知，取消 {cancelled} 封待发送的邮件", ct);
                return MailSettingsResult.Ok($"邮件设置已保存。邮件通知已关闭，{cancelled} 封待发送的邮件已取消。");
            }
        }
        return MailSettingsResult.Ok(input.Enabled ? "邮件设置已保存，邮件通知已启用。" : "邮件设置已保存（邮件通知未启用）。");
    }

    private async Task<int> CancelPendingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MailOutbox.Where(m => m.Status == OutboxMailStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxMailStatus.Cancelled)
                .SetProperty(m => m.LastError, "邮件通知已关闭，未发送。"), ct);
    }

    /// <summary>
    /// Sends a test mail to the Admin's own address with the settings as typed (not saved; an empty password field uses
    /// the stored password), whether or not mail is switched on. The result says, in Chinese, that it went out or why not.
    /// </summary>
    public async Task<MailSettingsResult> SendTestAsync(Actor actor, MailSettingsInput input, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return MailSettingsResult.Fail("只有系统管理员可以发送测试邮件。");
        var errors = Validate(input, forTest: true);
        if (errors.Count > 0) return new MailSettingsResult(errors);
        string? to;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            to = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        to = MailAddresses.Clean(to);
        if (to is null) return MailSettingsResult.Fail("您的账号还没有电子邮箱：请先在“个人信息”中填写，测试邮件会发到该地址。");
        string? password = null;
        if (Clean(input.UserName) is not null && !input.ClearPassword)
        {
            if (!string.IsNullOrEmpty(input.NewPassword)) password = input.NewPassword;
            else if (await settings.GetAsync(MailSettings.PasswordKey, ct) is { } stored)
            {
                password = Unprotect(stored);
                if (password is null) return MailSettingsResult.Fail(UnreadablePassword);
            }
        }
        var fromName = PlainText.CleanLine(input.FromName);
        var s = new MailSettings(input.Enabled, Clean(input.Host), input.Port, input.Security, Clean(input.UserName), password is not null,
            MailAddresses.Clean(input.FromAddress), fromName.Length == 0 ? MailSettings.DefaultFromName : fromName, Clean(input.PortalBaseUrl),
            input.Security == MailSecurity.None ? null : MailCertificates.Normalize(input.CertificateSha256));
        var endpoint = new SmtpEndpoint(s.Host!, s.Port, s.Security, s.UserName, password, s.CertificateSha256);
        var message = MailComposer.Test(s, actor.Name, to, time.GetUtcNow());
        try
        {
            var client = await mailer.ConnectAsync(endpoint, ct);
            try
            {
                await SmtpMailer.SendAsync(client, message, ct);
            }
            finally
            {
                await SmtpMailer.DisconnectAsync(client);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = SmtpMailer.Describe(e, endpoint);
            await audit.WriteAsync(actor.UserId, actor.Name, "mail.test", $"测试邮件发送失败：{to}，{reason}", ct);
            return MailSettingsResult.Fail("测试邮件发送失败：" + reason);
        }
        await audit.WriteAsync(actor.UserId, actor.Name, "mail.test", $"测试邮件已发送：{to}（{s.Host}:{s.Port}）", ct);
        return MailSettingsResult.Ok($"测试邮件已发送至 {to}，请查收。");
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
