namespace Governance.Workflows.PreCheck;

/// <summary>
/// 1:1 char normalization used for matching (UTF-16 offsets are preserved, so hits found in the normalized copy
/// map straight back to the original text):
/// full-width forms U+FF01–U+FF5E → ASCII U+0021–U+007E, U+3000 (ideographic space) and U+00A0 (nbsp) → ' ',
/// ASCII upper case → lower case.
/// </summary>
internal static class TextNormalizer
{
    public static char Normalize(char c)
    {
        if (c < 0x80)
        {
            return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            char a = (char)(c - 0xFEE0);
            return a is >= 'A' and <= 'Z' ? (char)(a + 32) : a;
        }
        if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003' || c == '\u2009') return ' ';
        return c;
    }

    public static string Normalize(string s)
    {
        if (s.Length == 0) return s;
        return string.Create(s.Length, s, static (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++) dst[i] = Normalize(src[i]);
        });
    }
}
