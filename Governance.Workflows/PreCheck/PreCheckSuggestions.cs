namespace Governance.Workflows.PreCheck;

/// <summary>"One click applies a suggestion" helpers for the editor UI.</summary>
public static class PreCheckSuggestions
{
    /// <summary>
    /// Replaces text[hit.Start .. hit.Start + hit.Length) with hit.Suggestion in the plain text the hit refers to
    /// (<see cref="PreCheckResult.Text"/> for body hits, the title for title hits). Returns the text unchanged when the hit
    /// has no suggestion, is a link/form hit, or the span no longer reads hit.Match (then the first occurrence of Match
    /// is replaced instead, if any).
    /// </summary>
    public static string ApplySuggestion(string text, PreCheckHit hit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(hit);
        if (hit.Suggestion is null || hit.Match.Length == 0) return text;
        if (hit.Field is not (PreCheckFields.Body or PreCheckFields.Title)) return text;
        if (hit.Start >= 0 && hit.Start + hit.Length <= text.Length
            && string.CompareOrdinal(text, hit.Start, hit.Match, 0, hit.Length) == 0 && hit.Length == hit.Match.Length)
        {
            return string.Concat(text.AsSpan(0, hit.Start), hit.Suggestion, text.AsSpan(hit.Start + hit.Length));
        }
        int i = text.IndexOf(hit.Match, StringComparison.Ordinal);
        return i < 0 ? text : string.Concat(text.AsSpan(0, i), hit.Suggestion, text.AsSpan(i + hit.Match.Length));
    }

    /// <summary>
    /// Best effort on the stored body HTML (body hits only): replaces the first occurrence of hit.Match that lies in a text node (not inside a
    /// tag), trying the raw Match first and then its HTML-encoded form. The suggestion is HTML-encoded. Returns the html
    /// unchanged when nothing is found (e.g. the match spans tags or entities) — the UI should then ask the editor to fix it by hand.
    /// </summary>
    public static string ApplySuggestionToHtml(string html, PreCheckHit hit)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(hit);
        if (hit.Suggestion is null || hit.Match.Length == 0) return html;
        if (hit.Field != PreCheckFields.Body) return html; // title hits: use ApplySuggestion on the title
        string replacement = System.Net.WebUtility.HtmlEncode(hit.Suggestion);
        foreach (var needle in new[] { hit.Match, System.Net.WebUtility.HtmlEncode(hit.Match) })
        {
            for (int i = html.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = html.IndexOf(needle, i + 1, StringComparison.Ordinal))
            {
                if (InsideTag(html, i)) continue;
                return string.Concat(html.AsSpan(0, i), replacement, html.AsSpan(i + needle.Length));
            }
        }
        return html;
    }

    private static bool InsideTag(string html, int index)
    {
        int lt = html.LastIndexOf('<', Math.Max(0, index - 1));
        if (index == 0 || lt < 0) return false;
        int gt = html.LastIndexOf('>', index - 1);
        return lt > gt && lt + 1 < html.Length && (char.IsAsciiLetter(html[lt + 1]) || html[lt + 1] is '/' or '!');
    }
}
