using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Governance.Tests.Support;

/// <summary>One message as the server received it: the envelope and the raw bytes, parsed with MimeKit.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, byte[] Raw, string? AuthenticatedUser)
{
    public MimeMessage Message => MimeMessage.Load(new MemoryStream(Raw));
    /// <summary>The message's header section as sent (to see the encoded subject).</summary>
    public string RawHeaders => System.Text.Encoding.ASCII.GetString(Raw).Split("\r\n\r\n")[0];
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, started by a test: it keeps what it receives,
/// can refuse recipients (550) and can require a sign-in. Stopped on dispose.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public int Port { get; }
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();
    /// <summary>Whether a recipient is accepted (false: 550 mailbox unavailable).</summary>
    public Func<string, bool> AcceptRecipient { get; set; } = _ => true;

    private LoopbackSmtpServer(int port, (string User, string Password)? login, X509Certificate2? certificate, bool implicitTls)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, port));
                // With a certificate: STARTTLS offered (or TLS from the first byte), and a sign-in accepted only over TLS.
                if (certificate is not null) b.Certificate(certificate).IsSecure(implicitTls);
                if (login is not null) b.AuthenticationRequired().AllowUnsecureAuthentication(certificate is null);
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        if (login is { } l) services.Add(new Authenticator(l.User, l.Password));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    /// <summary>A port nothing listens on now (the OS picks it), for a server started later or never.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts a server on <paramref name="port"/> (a free one when null) and returns once it accepts connections.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(int? port = null, (string User, string Password)? login = null,
        X509Certificate2? certificate = null, bool implicitTls = false)
    {
        var server = new LoopbackSmtpServer(port ?? FreePort(), login, certificate, implicitTls);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// A self-signed server certificate for <paramref name="name"/> (what an intranet mail server often has): no chain
    /// vouches for it, and its name is not 127.0.0.1.
    /// </summary>
    public static X509Certificate2 SelfSignedCertificate(string name = "mail.fufeng.example")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
        }
        _stop.Dispose();
    }

    private static string Address(IMailbox m) => m.User + "@" + m.Host;

    private sealed class Store(LoopbackSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            owner.Received.Enqueue(new ReceivedMail(Address(transaction.From), transaction.To.Select(Address).ToList(), buffer.ToArray(), user));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(LoopbackSmtpServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(owner.AcceptRecipient(Address(to)));
    }

    private sealed class Authenticator(string user, string password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string u, string p, CancellationToken cancellationToken) =>
            Task.FromResult(u == user && p == password);
    }
}
