using Bunit;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>邮件通知: the server certificate's fingerprint is asked for only on an encrypted connection, and shown back in pairs.</summary>
public sealed class MailCertificateFieldPageTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public MailCertificateFieldPageTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    [Fact]
    public async Task PlainConnection_NoField_StartTls_TheSavedFingerprintInPairs()
    {
        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
        var plain = Render<MailSettingsPage>();
        plain.WaitForElement("#mail-host");
        Assert.Empty(plain.FindAll("#mail-certificate"));

        var input = new MailSettingsInput
        {
            Host = "mail.fufeng.example", Port = 587, Security = MailSecurity.StartTls, FromAddress = "zwgl@fufeng.example",
            CertificateSha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        };
        await using (var scope = Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<MailSettingsService>().SaveAsync(_db.Actors["admin"], input)).Succeeded);

        var tls = Render<MailSettingsPage>();
        tls.WaitForElement("#mail-certificate");
        var field = tls.Find("#mail-certificate");
        var value = (field.TagName == "INPUT" ? field : field.QuerySelector("input")!).GetAttribute("value");
        Assert.Equal("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF", value);
        Assert.Contains("服务器证书指纹（SHA-256，选填）", tls.Markup);
    }
}
