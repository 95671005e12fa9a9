using System.Net;
using System.Buffers;

namespace Governance.Workflows.PreCheck;

/// <summary>A URL found in an HTML attribute.</summary>
/// <param name="Url">Attribute value, entities decoded, trimmed.</param>
/// <param name="Attribute">Attribute name (href, src, ...), lower case.</param>
/// <param name="Element">Element name (a, img, ...), lower case.</param>
/// <param name="TextStart">Offset in <see cref="HtmlTextResult.Text"/>: start of the anchor text for &lt;a href&gt;,
/// otherwise the position where the element was.</param>
/// <param name="TextLength">Length of the anchor text (0 for elements without text).</param>
public sealed record HtmlLink(string Url, string Attribute, string Element, int TextStart, int TextLength);

public sealed record HtmlTextResult(string Text, IReadOnlyList<HtmlLink> Links);

/// <summary>
/// HTML → plain text, tolerant single-pass tokenizer (no DOM, linear time, never throws on malformed input).
/// Tags are removed, entities decoded with <see cref="WebUtility.HtmlDecode(string)"/>, block-level tags
/// (p, br, div, li, h1–h6, tr, td, ...) become "\n", the content of script/style/template is dropped, comments are dropped.
/// A '&lt;' that does not start a tag (e.g. "a &lt; b" written raw in plain text) is kept as text.
/// Whitespace is not collapsed: what is in the source text stays, so plain-text bodies come back unchanged
/// (except for entity decoding).
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
        "table", "thead", "tbody", "tfoot", "caption", "section", "article", "header", "footer", "nav", "aside",
        "blockquote", "pre", "hr", "address", "figure", "figcaption", "main", "form", "fieldset", "legend", "center",
    };

    private static readonly HashSet<string> RawTextTags = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "noscript", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    /// <summary>Attributes whose value is a URL (checked by the link rule).</summary>
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.Ordinal)
    {
        "href", "src", "action", "formaction", "poster", "data", "background", "lowsrc", "longdesc", "codebase", "cite",
    };

    public static string ToPlainText(string? html) => Convert(html).Text;

    public static HtmlTextResult Convert(string? html)
    {
        if (string.IsNullOrEmpty(html)) return new HtmlTextResult(string.Empty, Array.Empty<HtmlLink>());
        // Pooled buffer rather than a StringBuilder sized to the input: a large body would put it on the large-object heap.
        using var sb = new PooledText(html.Length);
        var links = new List<HtmlLink>();
        int openAnchorLink = -1;  // index in links of the href of the currently open <a>
        int openAnchorStart = 0;
        int i = 0;
        int n = html.Length;
        var attrs = new List<(string Name, string Value)>();

        while (i < n)
        {
            int next = html.AsSpan(i).IndexOfAny('<', '&');
            if (next < 0)
            {
                sb.Append(html, i, n - i);
                break;
            }
            if (next > 0) sb.Append(html, i, next);
            i += next;
            char ch = html[i];
            if (ch == '&')
            {
                i = DecodeEntity(html, i, sb);
                continue;
            }

            // ch == '<'
            if (i + 1 >= n) { sb.Append('<'); i++; continue; }
            char c1 = html[i + 1];
            if (c1 == '!')
            {
                if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                {
                    int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                    i = end < 0 ? n : end + 3;
                }
                else
                {
                    int end = html.IndexOf('>', i + 2);
                    i = end < 0 ? n : end + 1;
                }
                continue;
            }
            if (c1 == '?')
            {
                int end = html.IndexOf('>', i + 2);
                i = end < 0 ? n : end + 1;
                continue;
            }
            bool closing = c1 == '/';
            int nameStart = closing ? i + 2 : i + 1;
            if (nameStart >= n || !char.IsAsciiLetter(html[nameStart]))
            {
                if (closing && nameStart < n && html[nameStart] == '>') { i = nameStart + 1; continue; } // "</>" is ignored
                sb.Append('<');
                i++;
                continue;
            }
            int p = nameStart;
            while (p < n && !char.IsWhiteSpace(html[p]) && html[p] != '/' && html[p] != '>') p++;
            string name = html.Substring(nameStart, p - nameStart).ToLowerInvariant();

            if (closing)
            {
                int end = html.IndexOf('>', p);
                i = end < 0 ? n : end + 1;
                if (name == "a") CloseAnchor();
                if (BlockTags.Contains(name)) BlockBreak(name);
                continue;
            }

            attrs.Clear();
            i = ParseAttributes(html, p, attrs);

            if (name == "a") CloseAnchor();
            if (BlockTags.Contains(name)) BlockBreak(name);
            foreach (var (attrName, value) in attrs)
            {
                if (!UrlAttributes.Contains(attrName)) continue;
                string url = value.Trim();
                if (url.Length == 0) continue;
                links.Add(new HtmlLink(url, attrName, name, sb.Length, 0));
                if (name == "a" && attrName == "href")
                {
                    openAnchorLink = links.Count - 1;
                    openAnchorStart = sb.Length;
                }
            }

            if (RawTextTags.Contains(name))
            {
                // Skip raw text up to the matching end tag (case-insensitive), or to the end of input.
                int end = IndexOfEndTag(html, i, name);
                if (end < 0) { i = n; }
                else
                {
                    int gt = html.IndexOf('>', end);
                    i = gt < 0 ? n : gt + 1;
                }
                if (name == "textarea" || name == "title") { /* dropped: not article text */ }
            }
        }
        CloseAnchor();
        return new HtmlTextResult(sb.ToString(), links);

        void CloseAnchor()
        {
            if (openAnchorLink < 0) return;
            var l = links[openAnchorLink];
            links[openAnchorLink] = l with { TextStart = openAnchorStart, TextLength = sb.Length - openAnchorStart };
            openAnchorLink = -1;
        }

        void BlockBreak(string name)
        {
            if (name == "br" || name == "hr") { sb.Append('\n'); return; }
            if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        }
    }

    private static int IndexOfEndTag(string html, int from, string name)
    {
        int i = from;
        while (true)
        {
            int lt = html.IndexOf("</", i, StringComparison.Ordinal);
            if (lt < 0) return -1;
            int s = lt + 2;
            if (s + name.Length <= html.Length
                && string.Compare(html, s, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (s + name.Length == html.Length || !char.IsAsciiLetterOrDigit(html[s + name.Length])))
            {
                return lt;
            }
            i = lt + 2;
        }
    }

    /// <summary>Parses attributes from <paramref name="p"/> to the closing '&gt;'; returns the index after it.</summary>
    private static int ParseAttributes(string html, int p, List<(string, string)> attrs)
    {
        int n = html.Length;
        while (p < n)
        {
            char c = html[p];
            if (c == '>') return p + 1;
            if (char.IsWhiteSpace(c) || c == '/') { p++; continue; }
            int ns = p;
            while (p < n && !char.IsWhiteSpace(html[p]) && html[p] != '=' && html[p] != '>' && !(html[p] == '/' && p > ns))
            {
                p++;
            }
            if (p == ns) { p++; continue; }
            string attrName = html.Substring(ns, p - ns).ToLowerInvariant();
            while (p < n && char.IsWhiteSpace(html[p])) p++;
            if (p < n && html[p] == '=')
            {
                p++;
                while (p < n && char.IsWhiteSpace(html[p])) p++;
                if (p >= n) { attrs.Add((attrName, string.Empty)); return n; }
                char q = html[p];
                string raw;
                if (q == '"' || q == '\'')
                {
                    int end = html.IndexOf(q, p + 1);
                    if (end < 0) { raw = html.Substring(p + 1); p = n; }
                    else { raw = html.Substring(p + 1, end - p - 1); p = end + 1; }
                }
                else
                {
                    int vs = p;
                    while (p < n && !char.IsWhiteSpace(html[p]) && html[p] != '>') p++;
                    raw = html.Substring(vs, p - vs);
                }
                attrs.Add((attrName, raw.Contains('&') ? WebUtility.HtmlDecode(raw) : raw));
            }
            else
            {
                attrs.Add((attrName, string.Empty));
            }
        }
        return n;
    }

    /// <summary>Decodes the entity at <paramref name="amp"/> (a '&amp;'); appends the text, returns the next index.</summary>
    private static int DecodeEntity(string html, int amp, PooledText sb)
    {
        int n = html.Length;
        int p = amp + 1;
        int limit = Math.Min(n, amp + 34);
        if (p < n && html[p] == '#')
        {
            p++;
            if (p < n && (html[p] == 'x' || html[p] == 'X')) p++;
            while (p < limit && char.IsAsciiHexDigit(html[p])) p++;
        }
        else
        {
            while (p < limit && char.IsAsciiLetterOrDigit(html[p])) p++;
        }
        if (p < n && html[p] == ';' && p > amp + 1)
        {
            string entity = html.Substring(amp, p - amp + 1);
            string decoded = WebUtility.HtmlDecode(entity);
            if (!string.Equals(decoded, entity, StringComparison.Ordinal))
            {
                sb.Append(decoded);
                return p + 1;
            }
        }
        sb.Append('&');
        return amp + 1;
    }
}

/// <summary>An append-only char buffer rented from <see cref="ArrayPool{T}.Shared"/> (grows by doubling).</summary>
internal sealed class PooledText : IDisposable
{
    private char[] _buffer;

    public PooledText(int capacity) => _buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, capacity));

    public int Length { get; private set; }

    public char this[Index index] => _buffer.AsSpan(0, Length)[index];

    public void Append(char c)
    {
        if (Length == _buffer.Length) Grow(1);
        _buffer[Length++] = c;
    }

    public void Append(string s) => Append(s.AsSpan());

    public void Append(string s, int start, int count) => Append(s.AsSpan(start, count));

    public void Append(ReadOnlySpan<char> s)
    {
        if (Length + s.Length > _buffer.Length) Grow(s.Length);
        s.CopyTo(_buffer.AsSpan(Length));
        Length += s.Length;
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + needed));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public override string ToString() => new(_buffer, 0, Length);

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }
}
