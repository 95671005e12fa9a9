using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Governance.Workflows.Mail;

/// <summary>Where and how to send: the server, its TLS mode and the account (the password in clear, in memory only).</summary>
public sealed record SmtpEndpoint(string Host, int Port, MailSecurity Security, string? UserName, string? Password, string? CertificateSha256 = null);

/// <summary>
/// The server's certificate was not trusted: no chain vouches for it and it is not the one whose fingerprint Admin set.
/// Carries its fingerprint, so that Admin can compare it with the one the mail server's administrator gives.
/// </summary>
public sealed class UntrustedCertificateException(string fingerprint, string problems, Exception inner)
    : Exception($"untrusted certificate {fingerprint}: {problems}", inner)
{
    public string Fingerprint => fingerprint;
}

/// <summary>
/// The one place that talks SMTP (MailKit). A connection is opened per run of the mail job (or per test mail) and reused
/// for its messages; every failure is turned into one Chinese sentence for Admin by <see cref="Describe"/>.
/// </summary>
public sealed class SmtpMailer
{
    /// <summary>Per network operation (connect, each command).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connects (and signs in when an account is set); the caller disposes the client.</summary>
    public async Task<SmtpClient> ConnectAsync(SmtpEndpoint endpoint, CancellationToken ct)
    {
        var client = new SmtpClient
        {
            Timeout = (int)Timeout.TotalMilliseconds,
            // The county's intranet reaches no CRL or OCSP responder: a revocation check could only fail. The certificate's
            // chain and host name are still checked.
            CheckCertificateRevocation = false,
        };
        // A certificate is trusted when its chain and name check out, or when it is exactly the one whose fingerprint Admin set
        // (an intranet server's own CA or a self-signed certificate). What was refused is kept for the message to Admin.
        (string Fingerprint, SslPolicyErrors Errors)? refused = null;
        client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (certificate is null) return false;
            var fingerprint = MailCertificates.Of(certificate);
            if (endpoint.CertificateSha256 is { } pinned
                && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(pinned), Convert.FromHexString(fingerprint))) return true;
            refused = (fingerprint, errors);
            return false;
        };
        try
        {
            var options = endpoint.Security switch
            {
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(endpoint.Host, endpoint.Port, options, ct);
            if (!string.IsNullOrEmpty(endpoint.UserName))
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", ct);
            return client;
        }
        catch (SslHandshakeException e) when (refused is { } r)
        {
            client.Dispose();
            throw new UntrustedCertificateException(r.Fingerprint, r.Errors.ToString(), e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static Task SendAsync(SmtpClient client, MimeMessage message, CancellationToken ct) => client.SendAsync(message, ct);

    public static async Task DisconnectAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The message went out already; a QUIT that fails changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Whether the failure is the connection's (connect, TLS, sign-in): the next messages would fail the same way.</summary>
    public static bool IsConnectionFailure(Exception e) =>
        e is SocketException or SslHandshakeException or UntrustedCertificateException or AuthenticationException or NotSupportedException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or TimeoutException or OperationCanceledException
        || e is IOException { InnerException: SocketException };

    /// <summary>One Chinese sentence for Admin (the outbox's last error, the test mail's result), with the server's own words.</summary>
    public static string Describe(Exception e, SmtpEndpoint endpoint)
    {
        var server = $"{endpoint.Host}:{endpoint.Port}";
        var text = e switch
        {
            SocketException s => $"无法连接邮件服务器 {server}（{SocketReason(s)}）。请检查服务器地址、端口和防火墙。",
            IOException { InnerException: SocketException s } => $"与邮件服务器 {server} 的连接中断（{SocketReason(s)}）。",
            UntrustedCertificateException u => $"邮件服务器 {server} 的证书不受信任（{CertificateProblem(u.Message)}），其 SHA-256 指纹为 "
                + $"{MailCertificates.Display(u.Fingerprint)}。若该服务器使用本单位 CA 或自签名证书，请向邮件服务器管理员核对此指纹后，"
                + "将它填入“服务器证书指纹”。",
            SslHandshakeException => $"与邮件服务器 {server} 的 TLS 握手失败：请检查加密方式（STARTTLS 或 SSL/TLS）与端口是否匹配，以及服务器证书是否受信任。",
            AuthenticationException => $"邮件服务器 {server} 拒绝了账号或密码（{e.Message}）。",
            NotSupportedException when e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase)
                => $"邮件服务器 {server} 不支持 STARTTLS：请改用“不加密”或 SSL/TLS。",
            NotSupportedException => $"邮件服务器 {server} 不支持身份验证：请清空账号，或改用加密连接（{e.Message}）。",
            SmtpCommandException c => $"邮件服务器 {server} 拒绝了邮件：{(int)c.StatusCode} {c.Message}",
            SmtpProtocolException => $"与邮件服务器 {server} 通信出错（{e.Message}）。",
            TimeoutException or OperationCanceledException => $"连接邮件服务器 {server} 超时。",
            _ => $"发送失败：{e.Message}",
        };
        return text.Length <= 1000 ? text : text[..1000];
    }

    private static string CertificateProblem(string message) =>
        message.Contains(nameof(SslPolicyErrors.RemoteCertificateChainErrors), StringComparison.Ordinal)
            ? message.Contains(nameof(SslPolicyErrors.RemoteCertificateNameMismatch), StringComparison.Ordinal)
                ? "不是受信任机构签发的，且与服务器地址不符" : "不是受信任机构签发的"
            : message.Contains(nameof(SslPolicyErrors.RemoteCertificateNameMismatch), StringComparison.Ordinal) ? "与服务器地址不符" : "未通过验证";

    private static string SocketReason(SocketException s) => s.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "连接被拒绝，该端口上没有邮件服务",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "找不到该服务器",
        SocketError.TimedOut => "连接超时",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "网络不可达",
        _ => s.Message,
    };
}
