using System.Globalization;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// 第9条 / 第17条: government websites must not link to commercial websites. A link is allowed when its host is
/// gov.cn or *.gov.cn, 政务 or *.政务 (also in punycode), or an Admin-configured host (exact or subdomain).
/// Host comparison is by whole labels, so look-alikes such as "www.gov.cn.example.com", "gov.cn.evil.com",
/// "fakegov.cn" or "user@evil.com" disguised as "http://www.gov.cn@evil.com" are not government hosts.
/// Relative links, fragments and non-host schemes (mailto:, tel:, javascript:, data:) are not external links.
/// </summary>
internal static class LinkChecker
{
    private static readonly string GovPunycode = new IdnMapping().GetAscii("政务"); // xn--zfr164b

    /// <summary>
    /// Host of an absolute or protocol-relative URL ("http://", "https://", "ftp://", "//", or bare "www."),
    /// lower case, IDN converted to punycode; null when the URL has no host (relative, mailto:, ...).
    /// Returns "" (not null) for an external URL whose host cannot be parsed, which is then treated as not allowed.
    /// </summary>
    public static string? ExtractHost(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        // Browsers drop tabs/newlines inside URLs and treat '\' like '/' for http(s).
        var u = url.Trim().Replace("\t", "").Replace("\n", "").Replace("\r", "").Replace('\\', '/');
        u = TextNormalizer.Normalize(u);
        int rest;
        if (u.StartsWith("//", StringComparison.Ordinal)) rest = 2;
        else if (u.StartsWith("www.", StringComparison.Ordinal)) rest = 0;
        else
        {
            int colon = u.IndexOf(':');
            if (colon <= 0) return null; // relative path, fragment, query
            var scheme = u.AsSpan(0, colon);
            foreach (var c in scheme)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.') return null; // "a/b:c" is relative
            }
            if (scheme is "mailto" or "tel" or "sms" or "javascript" or "data" or "about" or "blob") return null;
            rest = colon + 1;
            while (rest < u.Length && u[rest] == '/') rest++;
        }
        int end = rest;
        while (end < u.Length && u[end] != '/' && u[end] != '?' && u[end] != '#') end++;
        var authority = u.AsSpan(rest, end - rest);
        int at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        if (authority.Length > 0 && authority[0] == '[') return "";  // IP v6 literal: never a government host name
        int portColon = authority.IndexOf(':');
        if (portColon >= 0) authority = authority[..portColon];
        var host = authority.ToString().Trim().TrimEnd('.').Replace('。', '.');
        if (host.Length == 0) return "";
        return PreCheckRuleSet.ToAsciiHost(host) ?? "";
    }

    public static bool IsAllowedHost(string host, PreCheckRuleSet rules)
    {
        if (host.Length == 0) return false;
        if (host == "gov.cn" || host.EndsWith(".gov.cn", StringComparison.Ordinal)) return true;
        if (host == GovPunycode || host.EndsWith("." + GovPunycode, StringComparison.Ordinal)) return true;
        return rules.IsConfiguredHost(host);
    }

    /// <summary>External and not allowed → the host (for the message); otherwise null.</summary>
    public static string? Disallowed(string url, PreCheckRuleSet rules)
    {
        var host = ExtractHost(url);
        if (host is null) return null;
        return IsAllowedHost(host, rules) ? null : host;
    }

    /// <summary>
    /// Bare URLs in (normalized, lower-case) text: "http://", "https://", "ftp://" or "www." not preceded by a letter,
    /// digit, '.', '/', '@' or '-'. The host is ASCII labels (a trailing Chinese label such as "政务" is included when it
    /// follows a dot); the path is ASCII URL characters only, so the following Chinese prose is not swallowed.
    /// </summary>
    public static void FindBareUrls(ReadOnlySpan<char> norm, List<(int Start, int Length)> output)
    {
        int i = 0;
        int n = norm.Length;
        while (i < n)
        {
            int hit = IndexOfUrlStart(norm, i, out int afterPrefix);
            if (hit < 0) return;
            int p = afterPrefix;
            // host
            int hs = p;
            while (p < n && (char.IsAsciiLetterOrDigit(norm[p]) || norm[p] == '.' || norm[p] == '-' || norm[p] == '_')) p++;
            if ((p == hs || norm[p - 1] == '.') && p < n && IsCjk(norm[p]))
            {
                while (p < n && (IsCjk(norm[p]) || char.IsAsciiLetterOrDigit(norm[p]) || norm[p] == '.' || norm[p] == '-')) p++;
            }
            if (p == hs) { i = afterPrefix; continue; }
            // port, path, query, fragment
            if (p < n && (norm[p] == ':' || norm[p] == '/' || norm[p] == '?' || norm[p] == '#'))
            {
                while (p < n && IsUrlChar(norm[p])) p++;
            }
            while (p > hs && ".,;:!?)]}'\"".Contains(norm[p - 1])) p--;
            output.Add((hit, p - hit));
            i = Math.Max(p, hit + 1);
        }
    }

    private static int IndexOfUrlStart(ReadOnlySpan<char> norm, int from, out int afterPrefix)
    {
        int i = from;
        while (true)
        {
            int h = norm[i..].IndexOfAny('h', 'w', 'f');
            if (h < 0) { afterPrefix = 0; return -1; }
            h += i;
            if (h == 0 || !IsUrlBoundaryBlocker(norm[h - 1]))
            {
                var s = norm[h..];
                int len = s.StartsWith("http://") ? 7
                    : s.StartsWith("https://") ? 8
                    : s.StartsWith("ftp://") ? 6
                    : s.StartsWith("www.") ? 4
                    : 0;
                if (len > 0)
                {
                    afterPrefix = h + (len == 4 ? 0 : len);
                    return h;
                }
            }
            i = h + 1;
        }
    }

    private static bool IsUrlBoundaryBlocker(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '@' or '-' or '_';

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static bool IsUrlChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-._~%!$&'()*+,;=:@/?#[]".Contains(c);
}
