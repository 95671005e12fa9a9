using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Governance.Web;

/// <summary>
/// Behind the county's TLS reverse proxy (nginx, 前置机): the client's address and the original scheme come in
/// <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c>. They are believed only from the addresses listed in
/// <c>ReverseProxy:KnownProxies</c> (single addresses or networks such as <c>10.0.0.0/8</c>); with none listed — the
/// default — they are ignored altogether, so that nobody can claim to be another address (per-IP sign-in throttling) or
/// HTTPS. HSTS is sent only when <c>Security:Hsts</c> is true: a county that still serves the portal over plain HTTP on
/// the intranet must not be locked out by a browser that once saw the header.
/// </summary>
public static class ReverseProxy
{
    public const string KnownProxiesKey = "ReverseProxy:KnownProxies";
    public const string HstsKey = "Security:Hsts";
    public const string HstsMaxAgeDaysKey = "Security:HstsMaxAgeDays";

    /// <summary>The trusted proxies: a list in appsettings, or one comma/space-separated value (an environment variable).</summary>
    public static (IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks) KnownProxies(IConfiguration config)
    {
        var section = config.GetSection(KnownProxiesKey);
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (entry.Contains('/'))
            {
                // Host bits set ("10.0.0.1/8") are masked by the parser: refused, it is unclear which was meant.
                if (!IPNetwork.TryParse(entry, out var network)
                    || !IPAddress.TryParse(entry[..entry.IndexOf('/')], out var given) || !given.Equals(network.BaseAddress))
                    throw new InvalidOperationException($"配置项 {KnownProxiesKey} 中的“{entry}”不是有效的网段（例如 10.0.0.0/8，主机位须为 0）。");
                networks.Add(network);
            }
            // "10" would parse as 0.0.0.10: only dotted IPv4 or IPv6 text is an address here.
            else if ((entry.Contains('.') || entry.Contains(':')) && IPAddress.TryParse(entry, out var address))
                addresses.Add(address);
            else
                throw new InvalidOperationException($"配置项 {KnownProxiesKey} 中的“{entry}”不是有效的 IP 地址（例如 127.0.0.1 或 10.0.0.5）。");
        }
        return (addresses, networks);
    }

    public static IServiceCollection AddGovernanceReverseProxy(this IServiceCollection services, IConfiguration config)
    {
        var (addresses, networks) = KnownProxies(config);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // X-Forwarded-For must be processed too: the middleware checks the sender against the known proxies only then.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1; // one proxy in front: the rightmost entry is the one it added
            o.KnownProxies.Clear(); // the framework's default trusts loopback
            o.KnownIPNetworks.Clear();
            foreach (var a in addresses) o.KnownProxies.Add(a);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(config.GetValue(HstsMaxAgeDaysKey, 365));
            // The county's other sites under the same domain may still be HTTP-only.
            o.IncludeSubDomains = false;
            o.Preload = false;
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and the original scheme.</summary>
    public static WebApplication UseGovernanceReverseProxy(this WebApplication app)
    {
        var (addresses, networks) = KnownProxies(app.Configuration);
        // With no known proxy the middleware would trust every sender (it checks only when the lists are not empty).
        if (addresses.Count + networks.Count > 0) app.UseForwardedHeaders();
        // UseHsts sends the header on HTTPS requests only (after the forwarded scheme is applied), never for localhost.
        if (app.Configuration.GetValue<bool>(HstsKey)) app.UseHsts();
        return app;
    }
}
