using System.Security.Cryptography;
using Governance.Tests.Support;
using Governance.Workflows.Mail;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Mail;

/// <summary>
/// Mail over TLS to a real TLS server on loopback (STARTTLS and TLS from the first byte) whose certificate is self-signed,
/// as an intranet mail server's often is: refused with its fingerprint in the message, then trusted by that fingerprint.
/// The server accepts a sign-in only over TLS, so a received mail proves the connection was encrypted.
/// </summary>
public sealed class SmtpTlsTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        await _host.SetEmailAsync("admin", "wu.guanli@szx.fufeng.example");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private MailSettingsService Service => _host.Get<MailSettingsService>();

    /// <summary>The certificate's SHA-256 over its DER bytes, written AB:CD:… — what openssl prints, computed here by the BCL.</summary>
    private static string Fingerprint(System.Security.Cryptography.X509Certificates.X509Certificate2 c) =>
        string.Join(':', Convert.ToHexString(SHA256.HashData(c.RawData)).Chunk(2).Select(p => new string(p)));

    private static MailSettingsInput Input(int port, MailSecurity security, string? pin = null)
    {
        var input = MailTestKit.Settings(port, enabled: false, user: "zwgl", password: "Fufeng-2026");
        input.Security = security;
        input.CertificateSha256 = pin;
        return input;
    }

    [Fact]
    public async Task StartTls_SelfSignedCertificate_RefusedWithItsFingerprint_ThenTrustedByIt()
    {
        using var certificate = LoopbackSmtpServer.SelfSignedCertificate();
        using var other = LoopbackSmtpServer.SelfSignedCertificate();
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("zwgl", "Fufeng-2026"), certificate: certificate);
        var admin = await _host.ActorAsync("admin");

        var refused = await Service.SendTestAsync(admin, Input(smtp.Port, MailSecurity.StartTls));
        Assert.Equal($"测试邮件发送失败：邮件服务器 127.0.0.1:{smtp.Port} 的证书不受信任（不是受信任机构签发的，且与服务器地址不符），其 SHA-256 指纹为 " +
                     $"{Fingerprint(certificate)}。若该服务器使用本单位 CA 或自签名证书，请向邮件服务器管理员核对此指纹后，将它填入“服务器证书指纹”。",
            refused.Errors[""]);
        // Another certificate's fingerprint does not open it either.
        Assert.False((await Service.SendTestAsync(admin, Input(smtp.Port, MailSecurity.StartTls, Fingerprint(other)))).Succeeded);
        Assert.Empty(smtp.Received);

        // Its own fingerprint, pasted as openssl prints it (lower case here), does.
        var sent = await Service.SendTestAsync(admin, Input(smtp.Port, MailSecurity.StartTls, "sha256 Fingerprint=" + Fingerprint(certificate).ToLowerInvariant()));
        Assert.True(sent.Succeeded, string.Join(" ", sent.Errors.Values));
        var mail = Assert.Single(smtp.Received);
        Assert.Equal("zwgl", mail.AuthenticatedUser);
        Assert.Equal(["wu.guanli@szx.fufeng.example"], mail.To);
    }

    [Fact]
    public async Task SslOnConnect_TrustedByTheSavedFingerprint_TheSenderUsesIt()
    {
        using var certificate = LoopbackSmtpServer.SelfSignedCertificate();
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: ("zwgl", "Fufeng-2026"), certificate: certificate, implicitTls: true);
        var admin = await _host.ActorAsync("admin");
        var input = Input(smtp.Port, MailSecurity.SslOnConnect, Fingerprint(certificate));
        input.Enabled = true;
        Assert.True((await Service.SaveAsync(admin, input)).Succeeded);

        // Stored as 64 hex digits; shown again with colons; handed to the sender.
        await using (var db = _host.NewDbContext())
            Assert.Equal(Fingerprint(certificate).Replace(":", "", StringComparison.Ordinal),
                (await db.Settings.SingleAsync(s => s.Key == MailSettings.CertificateKey)).Value);
        Assert.Equal(Fingerprint(certificate), MailSettingsInput.From(await Service.LoadAsync()).CertificateSha256);
        var (_, endpoint, problem) = await Service.LoadForSendingAsync();
        Assert.Null(problem);

        var client = await _host.Get<SmtpMailer>().ConnectAsync(endpoint!, CancellationToken.None);
        try
        {
            Assert.True(client.IsSecure);
            Assert.True(client.IsAuthenticated);
        }
        finally
        {
            await SmtpMailer.DisconnectAsync(client);
        }
    }

    [Fact]
    public void Fingerprint_NotSha256_IsRefusedInChinese_AndIgnoredWithoutTls()
    {
        var input = Input(465, MailSecurity.SslOnConnect, "AB:CD:EF");
        Assert.Equal("证书指纹须为 SHA-256 指纹：64 位十六进制数字，可用冒号分隔（如 openssl x509 -noout -fingerprint -sha256 所示）。",
            MailSettingsService.Validate(input)[nameof(MailSettingsInput.CertificateSha256)]);
        input.CertificateSha256 = new string('G', 64);
        Assert.Contains(nameof(MailSettingsInput.CertificateSha256), MailSettingsService.Validate(input).Keys);
        // A plain connection has no certificate: the (hidden) field is not checked.
        input.Security = MailSecurity.None;
        Assert.DoesNotContain(nameof(MailSettingsInput.CertificateSha256), MailSettingsService.Validate(input).Keys);
    }
}
