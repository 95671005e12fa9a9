using System.Globalization;
using System.Text;

namespace Governance.Workflows.Text;

/// <summary>
/// The one rule for plain-text input (form fields, comments, names, file names): control characters and invisible
/// format characters are removed and the result is trimmed. Format characters (Unicode category Cf) include the
/// bidirectional overrides and isolates U+202A–U+202E, U+2066–U+2069 and the marks U+200E/U+200F, which make
/// "B岗\u202Eevil" display reversed, and zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD)
/// that make two different strings look the same (e.g. "张三" and "张\u200B三" as A岗 and B岗, 第19条(二)).
/// Strip-and-trim rather than refuse: the text the user meant stays, the trick does not.
/// </summary>
public static class PlainText
{
    /// <summary>Cleaned and trimmed; line breaks and tabs kept (multi-line fields). Null becomes "".</summary>
    public static string Clean(string? text) => Clean(text, keepLineBreaks: true);

    /// <summary>Like <see cref="Clean(string?)"/>, but null when nothing is left.</summary>
    public static string? CleanOrNull(string? text) => Clean(text) is { Length: > 0 } s ? s : null;

    /// <summary>One line: CR, LF and TAB become spaces as well (names, titles, file names).</summary>
    public static string CleanLine(string? text) => Clean(text, keepLineBreaks: false);

    /// <summary>Whether <paramref name="c"/> is removed by <see cref="Clean(string?)"/> (CR, LF and TAB aside).</summary>
    public static bool IsStripped(char c) =>
        (char.IsControl(c) && c is not ('\r' or '\n' or '\t')) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static string Clean(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool strip = IsStripped(c) || IsInvisibleSupplementary(text, i);
            bool space = !keepLineBreaks && c is '\r' or '\n' or '\t';
            if (!strip && !space)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (space && !(c == '\n' && i > 0 && text[i - 1] == '\r')) sb.Append(' ');
            if (strip && char.IsHighSurrogate(c)) i++; // the pair's low half goes too
        }
        return (sb?.ToString() ?? text).Trim();
    }

    /// <summary>Plane-14 tag characters (U+E0000–U+E007F, category Cf) written as a surrogate pair.</summary>
    private static bool IsInvisibleSupplementary(string text, int i) =>
        text[i] == '\uDB40' && i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDC7F';
}
