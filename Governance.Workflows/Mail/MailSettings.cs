using System.Net.Mail;

namespace Governance.Workflows.Mail;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Plain SMTP (an intranet relay on port 25).</summary>
    None,
    /// <summary>Plain connection upgraded with STARTTLS (usually port 587); refused when the server does not offer it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// E-mail notifications as Admin sets them (Admin → 邮件通知). Off by default: nothing is queued and nothing sent until
/// Admin switches it on. The password is stored protected (ASP.NET Core Data Protection) and never shown again.
/// </summary>
public sealed record MailSettings(
    bool Enabled,
    string? Host,
    int Port,
    MailSecurity Security,
    string? UserName,
    bool HasPassword,
    string? FromAddress,
    string FromName,
    string? PortalBaseUrl,
    string? CertificateSha256 = null)
{
    public const string EnabledKey = "Mail.Enabled";
    public const string HostKey = "Mail.Host";
    public const string PortKey = "Mail.Port";
    public const string SecurityKey = "Mail.Security";
    public const string UserNameKey = "Mail.UserName";
    /// <summary>The password, protected with Data Protection (purpose <see cref="PasswordPurpose"/>).</summary>
    public const string PasswordKey = "Mail.Password";
    public const string FromAddressKey = "Mail.FromAddress";
    public const string FromNameKey = "Mail.FromName";
    /// <summary>The portal's address as its users reach it: the links in the e-mails start with it.</summary>
    public const string PortalBaseUrlKey = "Portal.BaseUrl";
    /// <summary>
    /// The SHA-256 fingerprint of the mail server's certificate that is trusted as it is: an intranet server's certificate
    /// from the unit's own CA or self-signed, which no public chain vouches for (64 hex digits, <see cref="MailCertificates"/>).
    /// </summary>
    public const string CertificateKey = "Mail.CertificateSha256";

    public const string PasswordPurpose = "Governance.Mail.SmtpPassword.v1";
    public const int DefaultPort = 25;
    public const string DefaultFromName = "扶风县政府网站管理工作流门户";
    /// <summary>Every mail's subject starts with it, so that the recipients' mail rules can file them.</summary>
    public const string SubjectPrefix = "【扶风县政府网站管理】";

    public static string SecurityName(MailSecurity s) => s switch
    {
        MailSecurity.None => "不加密",
        MailSecurity.StartTls => "STARTTLS",
        MailSecurity.SslOnConnect => "SSL/TLS",
        _ => s.ToString(),
    };

    /// <summary>The usual port of each mode, offered when Admin changes the mode.</summary>
    public static int UsualPort(MailSecurity s) => s switch
    {
        MailSecurity.StartTls => 587,
        MailSecurity.SslOnConnect => 465,
        _ => 25,
    };

    /// <summary>The absolute link to a portal path ("/column-requests/5"), or to the portal itself.</summary>
    public string? AbsoluteLink(string? path) => PortalBaseUrl is null
        ? null
        : PortalBaseUrl.TrimEnd('/') + "/" + (path ?? "").TrimStart('/');
}

/// <summary>What Admin types on the settings page. The password field is empty unless Admin types a new one.</summary>
public sealed class MailSettingsInput
{
    public bool Enabled { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = MailSettings.DefaultPort;
    public MailSecurity Security { get; set; } = MailSecurity.None;
    public string? UserName { get; set; }
    /// <summary>A new password; empty keeps the stored one.</summary>
    public string? NewPassword { get; set; }
    /// <summary>Removes the stored password (and ignores <see cref="NewPassword"/>).</summary>
    public bool ClearPassword { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
    public string? PortalBaseUrl { get; set; }
    /// <summary>The trusted certificate's SHA-256 fingerprint, as Admin pastes it (colons and spaces allowed); empty: none.</summary>
    public string? CertificateSha256 { get; set; }

    public static MailSettingsInput From(MailSettings s) => new()
    {
        Enabled = s.Enabled, Host = s.Host, Port = s.Port, Security = s.Security, UserName = s.UserName, FromAddress = s.FromAddress,
        FromName = s.FromName, PortalBaseUrl = s.PortalBaseUrl, CertificateSha256 = MailCertificates.Display(s.CertificateSha256),
    };
}

/// <summary>E-mail addresses as the portal accepts them: one plain address (no display name), at most 256 characters.</summary>
public static class MailAddresses
{
    public const int MaxLength = 256;

    /// <summary>The address trimmed, or null when empty.</summary>
    public static string? Clean(string? address) => string.IsNullOrWhiteSpace(address) ? null : address.Trim();

    public static bool IsValid(string address) =>
        address.Length <= MaxLength && !address.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.DisplayName.Length == 0
        && MimeKit.MailboxAddress.TryParse(address, out _);

    /// <summary>A Chinese message when <paramref name="address"/> is given but no valid address; null otherwise.</summary>
    public static string? Check(string? address, string what) =>
        Clean(address) is { } a && !IsValid(a) ? $"{what}格式不正确（应为 name@example.gov.cn 这样的地址）。" : null;
}

/// <summary>
/// A mail server's certificate by its SHA-256 fingerprint (over the certificate's DER bytes, as <c>openssl x509 -noout
/// -fingerprint -sha256</c> prints it): stored as 64 upper-case hex digits, shown in pairs with colons.
/// </summary>
public static class MailCertificates
{
    /// <summary>The fingerprint as stored (64 hex digits, upper case), null when empty or not a SHA-256 fingerprint.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = typed.Trim();
        if (text.StartsWith("sha256 Fingerprint=", StringComparison.OrdinalIgnoreCase)) text = text["sha256 Fingerprint=".Length..];
        var hex = new string(text.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    /// <summary>The fingerprint of a certificate (its DER bytes).</summary>
    public static string Of(System.Security.Cryptography.X509Certificates.X509Certificate certificate) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>AB:CD:… for the page and the messages; null stays null.</summary>
    public static string? Display(string? stored) =>
        stored is null ? null : string.Join(':', Enumerable.Range(0, stored.Length / 2).Select(i => stored.Substring(i * 2, 2)));
}
