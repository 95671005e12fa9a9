using System.Globalization;
using System.Text;

namespace Governance.Web;

/// <summary>
/// Where to go after sign-in: only a path on this site (<c>Url.IsLocalUrl</c> semantics), checked both as given and once
/// more percent-decoded, with no control, whitespace or invisible format character anywhere (browsers drop a tab or a
/// newline inside a URL, so <c>/\t/evil.example</c> would leave the site). Anything else goes to the inbox.
/// Non-ASCII text is percent-encoded (UTF-8) so that the Location header is always valid.
/// </summary>
public static class SafeRedirect
{
    public const string Home = "/";

    public static string LocalOrHome(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048) return Home;
        var url = returnUrl.StartsWith("~/", StringComparison.Ordinal) ? returnUrl[1..] : returnUrl;
        if (!IsLocal(url)) return Home;
        string decoded;
        try { decoded = Uri.UnescapeDataString(url); }
        catch (UriFormatException) { return Home; }
        if (!IsLocal(decoded)) return Home;
        return EncodeNonAscii(url);
    }

    /// <summary>A rooted path ("/…", not "//…" nor "/\…") made only of visible characters.</summary>
    private static bool IsLocal(string url)
    {
        if (url.Length == 0 || url[0] != '/') return false;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return false;
        foreach (var c in url)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\') return false;
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse) return false;
        }
        return true;
    }

    private static string EncodeNonAscii(string url)
    {
        if (Ascii.IsValid(url)) return url;
        var sb = new StringBuilder(url.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii) { sb.Append((char)rune.Value); continue; }
            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++) sb.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
