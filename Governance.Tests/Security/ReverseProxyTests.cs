using System.Net;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Governance.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Security;

/// <summary>
/// The real app behind a TLS reverse proxy. The in-process TestServer has no remote address: a test-only startup filter
/// takes it from <c>X-Test-Remote-Ip</c> (the address the proxy or an outsider connects from), before the app's own
/// pipeline and so before the forwarded-headers middleware.
/// </summary>
public sealed class ReverseProxyFixture : IAsyncLifetime
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    public const string Proxy = "10.0.0.5";
    // One data folder each: a running portal holds its folder's lock.
    private readonly List<GovernanceAppFactory> _roots = [];
    /// <summary>The proxy 10.0.0.5 and the network 172.16.0.0/12 are known; HSTS on.</summary>
    public WebApplicationFactory<Program> BehindProxy { get; private set; } = default!;
    /// <summary>The same proxy known, HSTS left at its default.</summary>
    public WebApplicationFactory<Program> HstsDefault { get; private set; } = default!;
    /// <summary>Nothing configured: the shipped appsettings.</summary>
    public WebApplicationFactory<Program> Default { get; private set; } = default!;

    public Task InitializeAsync()
    {
        BehindProxy = Variant(b => b.UseSetting("ReverseProxy:KnownProxies:0", Proxy).UseSetting("ReverseProxy:KnownProxies:1", "172.16.0.0/12")
            .UseSetting("Security:Hsts", "true").UseSetting("Security:SignInThrottle:MaxFailures", "2"));
        HstsDefault = Variant(b => b.UseSetting("ReverseProxy:KnownProxies:0", Proxy));
        Default = Variant(b => b.UseSetting("Security:SignInThrottle:MaxFailures", "2"));
        return Task.CompletedTask;
    }

    private WebApplicationFactory<Program> Variant(Action<IWebHostBuilder> configure)
    {
        var root = new GovernanceAppFactory();
        _roots.Add(root);
        var app = root.WithWebHostBuilder(b =>
        {
            configure(b);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, RemoteIpFromHeader>());
        });
        _ = app.Server;
        return app;
    }

    /// <summary>A client connecting from <paramref name="remoteIp"/>; cookies are handled by the tests (a Secure cookie
    /// would not be sent back over the test's plain-HTTP address).</summary>
    public static HttpClient Client(WebApplicationFactory<Program> app, string remoteIp, string? forwardedFor = null, string? forwardedProto = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(RemoteIpHeader, remoteIp);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }

    public Task DisposeAsync()
    {
        BehindProxy.Dispose();
        HstsDefault.Dispose();
        Default.Dispose();
        foreach (var root in _roots) root.Dispose();
        return Task.CompletedTask;
    }

    private sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, nxt) =>
            {
                if (ctx.Request.Headers.TryGetValue(RemoteIpHeader, out var ip) && IPAddress.TryParse(ip, out var address))
                    ctx.Connection.RemoteIpAddress = address;
                return nxt(ctx);
            });
            next(app);
        };
    }
}

/// <summary>
/// Behind the county's TLS reverse proxy: X-Forwarded-For/Proto are believed from the configured proxies only, cookies
/// are Secure when the browser's request was HTTPS, and HSTS is a setting.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReverseProxyTests(ReverseProxyFixture f) : IClassFixture<ReverseProxyFixture>
{
    /// <summary>GET the sign-in page and post the form back (the antiforgery cookie carried by hand); the Set-Cookie
    /// headers of both responses, by cookie name.</summary>
    private static async Task<(HttpResponseMessage Post, Dictionary<string, string> SetCookies)> SignInAsync(HttpClient client, string userName,
        string password = "Fufeng@2026")
    {
        var get = await client.GetAsync("/account/login");
        var page = await get.Content.ReadAsStringAsync();
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var setCookies = SetCookies(get);
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", setCookies.Values.Select(c => c.Split(';')[0])));
        var response = await client.SendAsync(post);
        foreach (var (name, value) in SetCookies(response)) setCookies[name] = value;
        return (response, setCookies);
    }

    private static Dictionary<string, string> SetCookies(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        .ToDictionary(c => c[..c.IndexOf('=')], c => c, StringComparer.Ordinal);

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static string Antiforgery(Dictionary<string, string> cookies) =>
        cookies.Single(c => c.Key.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Value;

    [Fact]
    public async Task HttpsFromKnownProxy_AuthAndAntiforgeryCookiesAreSecure()
    {
        var (post, cookies) = await SignInAsync(ReverseProxyFixture.Client(f.BehindProxy, ReverseProxyFixture.Proxy, "198.51.100.7", "https"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.True(IsSecure(Antiforgery(cookies)), Antiforgery(cookies));
        Assert.True(IsSecure(cookies["gov.auth"]), cookies["gov.auth"]);
    }

    [Fact]
    public async Task HttpsFromKnownProxyNetwork_CookiesAreSecure()
    {
        var (_, cookies) = await SignInAsync(ReverseProxyFixture.Client(f.BehindProxy, "172.20.1.9", "198.51.100.7", "https"), "observer");
        Assert.True(IsSecure(cookies["gov.auth"]), cookies["gov.auth"]);
    }

    [Theory]
    [InlineData("203.0.113.9")] // an outsider
    [InlineData("10.0.0.6")]    // next to the proxy, not the proxy
    public async Task ForwardedHeadersFromUnknownAddress_Ignored(string sender)
    {
        var (post, cookies) = await SignInAsync(ReverseProxyFixture.Client(f.BehindProxy, sender, "198.51.100.7", "https"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.False(IsSecure(cookies["gov.auth"]), cookies["gov.auth"]);
        Assert.False(IsSecure(Antiforgery(cookies)));
    }

    [Theory]
    [InlineData("127.0.0.1")] // the framework's own default would trust loopback
    [InlineData(ReverseProxyFixture.Proxy)]
    public async Task NoProxyConfigured_ForwardedHeadersIgnoredFromAnyone(string sender)
    {
        var (post, cookies) = await SignInAsync(ReverseProxyFixture.Client(f.Default, sender, "198.51.100.7", "https"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.False(IsSecure(cookies["gov.auth"]), cookies["gov.auth"]);
    }

    [Fact]
    public async Task ClientAddress_FromKnownProxyOnly_ThrottlesTheRealClient()
    {
        // Through the proxy, failures count against the browser's address, not the proxy's: one client cannot get the
        // whole county throttled.
        for (var i = 0; i < 2; i++)
            await SignInAsync(ReverseProxyFixture.Client(f.BehindProxy, ReverseProxyFixture.Proxy, "198.51.100.21", "https"), "observer", "wrong-" + i);
        var throttle = f.BehindProxy.Services.GetRequiredService<SignInThrottle>();
        Assert.True(throttle.IsThrottled(IPAddress.Parse("198.51.100.21")));
        Assert.False(throttle.IsThrottled(IPAddress.Parse(ReverseProxyFixture.Proxy)));
        var other = await SignInAsync(ReverseProxyFixture.Client(f.BehindProxy, ReverseProxyFixture.Proxy, "198.51.100.22", "https"), "observer");
        Assert.Equal(HttpStatusCode.Redirect, other.Post.StatusCode);

        // An outsider's X-Forwarded-For is not believed: its failures count against its own address, whatever it claims.
        for (var i = 0; i < 2; i++)
            await SignInAsync(ReverseProxyFixture.Client(f.Default, "203.0.113.30", "198.51.100.40", "https"), "observer", "wrong-" + i);
        var defaultThrottle = f.Default.Services.GetRequiredService<SignInThrottle>();
        Assert.True(defaultThrottle.IsThrottled(IPAddress.Parse("203.0.113.30")));
        Assert.False(defaultThrottle.IsThrottled(IPAddress.Parse("198.51.100.40")));
    }

    [Fact]
    public async Task Hsts_SentOnlyWhenEnabled_AndOnlyOverHttps()
    {
        async Task<HttpResponseMessage> Get(WebApplicationFactory<Program> app, string sender, string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
            request.Headers.Host = "portal.fufeng.gov.cn"; // HSTS is never sent for localhost
            return await ReverseProxyFixture.Client(app, sender, "198.51.100.7", proto).SendAsync(request);
        }

        var enabled = await Get(f.BehindProxy, ReverseProxyFixture.Proxy, "https");
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(enabled.Headers.GetValues("Strict-Transport-Security")));
        Assert.False((await Get(f.BehindProxy, ReverseProxyFixture.Proxy, null)).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await Get(f.BehindProxy, "203.0.113.9", "https")).Headers.Contains("Strict-Transport-Security"));

        var notEnabled = await Get(f.HstsDefault, ReverseProxyFixture.Proxy, "https");
        Assert.Equal(HttpStatusCode.OK, notEnabled.StatusCode);
        Assert.False(notEnabled.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void KnownProxies_ListOrOneValue_AddressesAndNetworks()
    {
        var fromList = ReverseProxy.KnownProxies(Config(("ReverseProxy:KnownProxies:0", "127.0.0.1"), ("ReverseProxy:KnownProxies:1", "10.0.0.0/8")));
        Assert.Equal([IPAddress.Loopback], fromList.Addresses);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], fromList.Networks);
        var fromOneValue = ReverseProxy.KnownProxies(Config(("ReverseProxy:KnownProxies", "192.168.1.10, ::1 172.16.0.0/12")));
        Assert.Equal([IPAddress.Parse("192.168.1.10"), IPAddress.IPv6Loopback], fromOneValue.Addresses);
        Assert.Equal([IPNetwork.Parse("172.16.0.0/12")], fromOneValue.Networks);
        var none = ReverseProxy.KnownProxies(Config());
        Assert.Empty(none.Addresses);
        Assert.Empty(none.Networks);
    }

    [Theory]
    [InlineData("10.0.0.1/8", "不是有效的网段")]   // host bits set
    [InlineData("10.0.0.0/33", "不是有效的网段")]
    [InlineData("nginx", "不是有效的 IP 地址")]
    [InlineData("10", "不是有效的 IP 地址")]          // would parse as 0.0.0.10
    [InlineData("10.0.0.256", "不是有效的 IP 地址")]
    public void KnownProxies_BadEntry_ClearChineseError(string entry, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ReverseProxy.KnownProxies(Config(("ReverseProxy:KnownProxies:0", entry))));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains($"“{entry}”", e.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
