using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

namespace Governance.Web;

/// <summary>
/// Security headers on every page and API response, and the Origin check for state-changing API calls made with the
/// sign-in cookie (SPEC Security; 第15条 安全防护).
/// <list type="bullet">
/// <item>Content-Security-Policy: scripts only from this site (blazor.web.js, MudBlazor, mermaid and Quill are served from
/// wwwroot) plus the per-request nonce of the inline import map; styles also inline (MudBlazor writes style attributes
/// and its theme as a style element); the Blazor circuit's WebSocket is same-origin; no plugins; no framing
/// (<c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c>); forms post only here.</item>
/// <item><c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: strict-origin-when-cross-origin</c>, a restrictive
/// Permissions-Policy, and <c>Cross-Origin-Opener-Policy: same-origin</c>.</item>
/// </list>
/// A response that sets its own policy (attachment downloads: <c>default-src 'none'; sandbox</c>) keeps it.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string NonceItem = "csp-nonce";

    public static string? NonceOf(HttpContext? ctx) => ctx?.Items[NonceItem] as string;

    public Task InvokeAsync(HttpContext ctx)
    {
        // Hex: no '+', '/' or '=' that HTML attribute encoding would turn into entities (the page and the header then
        // read the same characters).
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        ctx.Items[NonceItem] = nonce;
        var hangfire = ctx.Request.Path.StartsWithSegments("/hangfire");
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            // Blazor's interactive pages come with "frame-ancestors 'self'" only: replaced by the full policy.
            var existing = h.ContentSecurityPolicy.ToString();
            if (existing.Length == 0 || existing.StartsWith("frame-ancestors", StringComparison.Ordinal))
            {
                // Hangfire's dashboard (Admin only) has inline scripts of its own: everything but script-src still applies.
                var script = hangfire ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
                h.ContentSecurityPolicy = "default-src 'self'; "
                    + $"script-src {script}; "
                    + "style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data: blob: http: https:; "
                    + "font-src 'self' data:; "
                    + "connect-src 'self'; "
                    + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            }
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(ctx);
    }
}

/// <summary>
/// Cross-site request forgery on the JSON API: a POST/PUT/PATCH/DELETE under /api that relies on the sign-in cookie must
/// come from a page of this site — when the browser sends <c>Origin</c>, it must be this scheme, host and port.
/// API-key callers (header <c>X-Api-Key</c>, which a cross-site page cannot send without a CORS preflight we never
/// grant) are exempt, as are requests without an Origin header (scripts, curl).
/// </summary>
internal sealed class ApiOriginCheckMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
            return next(ctx);
        var origin = request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin) || SameOrigin(origin.ToString(), request)) return next(ctx);
        return ApiErrorMiddleware.WriteAsync(ctx, StatusCodes.Status403Forbidden, "跨站请求被拒绝：请求来源（Origin）与本站不一致。");
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o) && o.AbsolutePath == "/"
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
