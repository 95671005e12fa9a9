using System.Buffers;
using System.Globalization;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// Normalization used for matching:
/// <list type="bullet">
/// <item>per char: full-width forms U+FF01–U+FF5E → ASCII U+0021–U+007E, U+3000 (ideographic space), U+00A0 (nbsp) and
/// other wide spaces → ' ', ASCII upper case → lower case;</item>
/// <item>folding: invisible characters (Unicode category Cf — soft hyphen U+00AD, U+200B–U+200F, U+202A–U+202E,
/// U+2060–U+2064, U+2066–U+206F, U+FEFF … — plus the combining grapheme joiner, Hangul fillers, variation selectors and
/// the plane-14 tag characters) are dropped, so that "138\u200B1234\u200B5678" or "台湾\u200B总统" are still found
/// (第9条 个人隐私, 第17条). <see cref="Fold"/> returns a map from folded offsets back to the original text, so hits are
/// reported at their true place.</item>
/// </list>
/// </summary>
internal static class TextNormalizer
{
    /// <summary>BMP chars that are invisible on their own, and U+DB40 (high surrogate of the plane-14 tag block).</summary>
    private static readonly SearchValues<char> InvisibleCandidates = SearchValues.Create(BuildInvisibleSet());

    private static char[] BuildInvisibleSet()
    {
        var set = new List<char>();
        for (int c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            if (CharUnicodeInfo.GetUnicodeCategory((char)c) == UnicodeCategory.Format) set.Add((char)c);
        }
        set.AddRange(['\u034F', '\u115F', '\u1160', '\u3164', '\uFFA0', '\u180B', '\u180C', '\u180D', '\u180F']);
        for (char c = '\uFE00'; c <= '\uFE0F'; c++) set.Add(c);
        set.Add('\uDB40');
        return set.ToArray();
    }

    /// <summary>Length (1 or 2) of the invisible character at <paramref name="i"/>, or 0 when it is visible.</summary>
    internal static int InvisibleWidth(ReadOnlySpan<char> text, int i)
    {
        char c = text[i];
        if (c == '\uDB40')
        {
            // U+E0000–U+E01EF: tag characters (Cf) and variation selectors supplement.
            return i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDDEF' ? 2 : 0;
        }
        return InvisibleCandidates.Contains(c) ? 1 : 0;
    }

    /// <summary>Whether <paramref name="text"/> holds any invisible character.</summary>
    internal static bool HasInvisible(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAny(InvisibleCandidates);
        while (i >= 0)
        {
            if (InvisibleWidth(text, i) > 0) return true;
            int next = text[(i + 1)..].IndexOfAny(InvisibleCandidates);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return false;
    }

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

    /// <summary>Normalized and folded copy (for keys and patterns: dictionary terms, sources, hosts).</summary>
    public static string Normalize(string s)
    {
        if (s.Length == 0) return s;
        char[] buffer = ArrayPool<char>.Shared.Rent(s.Length);
        try
        {
            int n = Fold(s, buffer, out var map);
            if (map is not null) ArrayPool<int>.Shared.Return(map);
            return new string(buffer, 0, n);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the normalized text without its invisible characters into <paramref name="dst"/> (at least
    /// <c>text.Length</c> long) and returns the folded length. <paramref name="map"/> is null when nothing was dropped
    /// (offsets are then the same); otherwise map[k] is the original offset of folded char k — an array rented from
    /// <see cref="ArrayPool{T}.Shared"/> that the caller returns.
    /// </summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> dst, out int[]? map)
    {
        map = null;
        int first = text.IndexOfAny(InvisibleCandidates);
        if (first < 0 || !HasInvisible(text[first..]))
        {
            NormalizeInto(text, dst);
            return text.Length;
        }
        var m = ArrayPool<int>.Shared.Rent(text.Length);
        NormalizeInto(text[..first], dst);
        for (int k = 0; k < first; k++) m[k] = k;
        int n = first;
        for (int i = first; i < text.Length; i++)
        {
            int w = InvisibleWidth(text, i);
            if (w > 0) { i += w - 1; continue; }
            dst[n] = Normalize(text[i]);
            m[n++] = i;
        }
        map = m;
        return n;
    }

    private static readonly SearchValues<char> WideSpaces = SearchValues.Create("\u3000\u00A0\u2002\u2003\u2009");

    /// <summary>
    /// Same result as <see cref="Normalize(char)"/> on every char, but copies first and then fixes only the chars that
    /// change, found with vectorized searches (Chinese text has almost none).
    /// </summary>
    private static void NormalizeInto(ReadOnlySpan<char> src, Span<char> dst)
    {
        dst = dst[..src.Length];
        src.CopyTo(dst);
        for (int i = dst.IndexOfAnyInRange('A', 'Z'); i >= 0; i = Next(i, dst[(i + 1)..].IndexOfAnyInRange('A', 'Z')))
            dst[i] = Normalize(dst[i]);
        for (int i = dst.IndexOfAnyInRange('\uFF01', '\uFF5E'); i >= 0; i = Next(i, dst[(i + 1)..].IndexOfAnyInRange('\uFF01', '\uFF5E')))
            dst[i] = Normalize(dst[i]);
        for (int i = dst.IndexOfAny(WideSpaces); i >= 0; i = Next(i, dst[(i + 1)..].IndexOfAny(WideSpaces)))
            dst[i] = ' ';

        static int Next(int at, int found) => found < 0 ? -1 : at + 1 + found;
    }
}
