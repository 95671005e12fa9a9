using System.Collections.Frozen;
using System.Globalization;

namespace Governance.Workflows.PreCheck;

/// <summary>
/// Immutable snapshot of the Admin-managed rules (dictionary, extra allowed hosts, approved reprint sources).
/// Building compiles the dictionary into an Aho–Corasick automaton (costly, once per dictionary change);
/// scanning with it is cheap and the instance is thread-safe, so build it when the Admin saves and share it.
/// </summary>
public sealed class PreCheckRuleSet
{
    private static readonly Lazy<PreCheckRuleSet> DefaultSet = new(() =>
        Create(PreCheckDefaults.Terms, PreCheckDefaults.AllowedHosts, PreCheckDefaults.ApprovedSources));

    private readonly FrozenSet<string> _hosts;
    private readonly FrozenSet<string> _sources;

    private PreCheckRuleSet(IReadOnlyList<DictionaryTerm> terms, FrozenSet<string> hosts, FrozenSet<string> sources,
        IReadOnlyList<string> allowedHosts, IReadOnlyList<string> approvedSources)
    {
        Terms = terms;
        _hosts = hosts;
        _sources = sources;
        AllowedHosts = allowedHosts;
        ApprovedSources = approvedSources;
        var patterns = new string[terms.Count];
        for (int i = 0; i < terms.Count; i++) patterns[i] = TextNormalizer.Normalize(terms[i].Term);
        NormalizedCorrections = new string?[terms.Count];
        for (int i = 0; i < terms.Count; i++)
        {
            var c = terms[i].Correction;
            NormalizedCorrections[i] = string.IsNullOrEmpty(c) ? null : TextNormalizer.Normalize(c);
        }
        Patterns = patterns;
        Exceptions = new TermException[]?[terms.Count];
        for (int i = 0; i < terms.Count; i++) Exceptions[i] = BuildExceptions(patterns[i], terms[i].ExceptionContexts);
        Automaton = new AhoCorasick(patterns);
    }

    /// <summary>A normalized 例外语境 and the offsets at which the (normalized) term occurs in it.</summary>
    internal readonly record struct TermException(string Context, int[] TermOffsets);

    private static TermException[]? BuildExceptions(string pattern, string? contexts)
    {
        if (pattern.Length == 0) return null;
        List<TermException>? list = null;
        foreach (var c in DictionaryExceptionContexts.Split(contexts))
        {
            var context = TextNormalizer.Normalize(c);
            if (context.Length <= pattern.Length) continue; // would hide every occurrence: never valid
            var offsets = new List<int>();
            for (int k = context.IndexOf(pattern, StringComparison.Ordinal); k >= 0; k = context.IndexOf(pattern, k + 1, StringComparison.Ordinal))
                offsets.Add(k);
            if (offsets.Count == 0) continue; // does not contain the term (the Admin service refuses such contexts)
            (list ??= []).Add(new TermException(context, offsets.ToArray()));
        }
        return list?.ToArray();
    }

    /// <summary>The normalized terms the automaton was built from (same indexes as <see cref="Terms"/>).</summary>
    internal string[] Patterns { get; }

    /// <summary>Starter rules from <see cref="PreCheckDefaults"/> (built lazily once).</summary>
    public static PreCheckRuleSet Default => DefaultSet.Value;

    /// <summary>
    /// Builds a snapshot. Terms are trimmed; empty terms and exact duplicates (after full-width/case folding) are dropped,
    /// a Sensitive entry wins over an Incorrect one with the same text. An Incorrect entry without a correction is kept
    /// (reported without suggestion).
    /// Hosts may be given as "www.example.org", "https://www.example.org/path" or "*.example.org"; they allow the host and its
    /// subdomains. Sources are compared after trimming and removing inner whitespace.
    /// </summary>
    public static PreCheckRuleSet Create(IEnumerable<DictionaryTerm>? terms, IEnumerable<string>? allowedHosts, IEnumerable<string>? approvedSources)
    {
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<DictionaryTerm>();
        foreach (var t in terms ?? [])
        {
            if (t is null || string.IsNullOrWhiteSpace(t.Term)) continue;
            var term = t with
            {
                Term = t.Term.Trim(),
                Correction = string.IsNullOrWhiteSpace(t.Correction) ? null : t.Correction.Trim(),
                ExceptionContexts = DictionaryExceptionContexts.Join(DictionaryExceptionContexts.Split(t.ExceptionContexts)),
            };
            string key = TextNormalizer.Normalize(term.Term);
            if (byKey.TryGetValue(key, out int existing))
            {
                if (term.Kind == TermKind.Sensitive && list[existing].Kind == TermKind.Incorrect) list[existing] = term;
                continue;
            }
            byKey[key] = list.Count;
            list.Add(term);
        }

        var hostList = new List<string>();
        foreach (var h in allowedHosts ?? [])
        {
            var host = NormalizeConfiguredHost(h);
            if (host is not null && !hostList.Contains(host)) hostList.Add(host);
        }

        var sourceList = new List<string>();
        foreach (var s in approvedSources ?? [])
        {
            if (string.IsNullOrWhiteSpace(s)) continue;
            var trimmed = s.Trim();
            if (!sourceList.Contains(trimmed)) sourceList.Add(trimmed);
        }

        return new PreCheckRuleSet(list, hostList.ToFrozenSet(StringComparer.Ordinal),
            sourceList.Select(SourceKey).ToFrozenSet(StringComparer.Ordinal), hostList, sourceList);
    }

    /// <summary>Dictionary entries after de-duplication, in pattern order.</summary>
    public IReadOnlyList<DictionaryTerm> Terms { get; }

    /// <summary>Admin-configured hosts (normalized: lower case, ASCII/punycode).</summary>
    public IReadOnlyList<string> AllowedHosts { get; }

    /// <summary>Approved reprint sources (核准稿源单位), trimmed.</summary>
    public IReadOnlyList<string> ApprovedSources { get; }

    internal AhoCorasick Automaton { get; }

    internal string?[] NormalizedCorrections { get; }

    /// <summary>例外语境 per pattern (null when none), checked only where the term is found.</summary>
    internal TermException[]?[] Exceptions { get; }

    public bool IsApprovedSource(string? source) =>
        !string.IsNullOrWhiteSpace(source) && _sources.Contains(SourceKey(source));

    /// <summary>True when <paramref name="host"/> (already lower-case ASCII/punycode) is in the configured list or a subdomain of one.</summary>
    internal bool IsConfiguredHost(string host)
    {
        if (_hosts.Count == 0) return false;
        if (_hosts.Contains(host)) return true;
        for (int dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
        {
            if (_hosts.Contains(host.Substring(dot + 1))) return true;
        }
        return false;
    }

    private static string SourceKey(string s)
    {
        var n = TextNormalizer.Normalize(s.Trim());
        return string.Concat(n.Where(c => !char.IsWhiteSpace(c)));
    }

    private static string? NormalizeConfiguredHost(string? h)
    {
        if (string.IsNullOrWhiteSpace(h)) return null;
        var s = h.Trim();
        if (s.StartsWith("*.", StringComparison.Ordinal)) s = s[2..];
        return LinkChecker.ExtractHost(s.Contains("://", StringComparison.Ordinal) || s.StartsWith("//", StringComparison.Ordinal) ? s : "//" + s);
    }

    internal static string? ToAsciiHost(string host)
    {
        try
        {
            return IdnHelper.GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static class IdnHelper
    {
        private static readonly IdnMapping Idn = new() { AllowUnassigned = true };

        public static string GetAscii(string host)
        {
            foreach (var c in host)
            {
                if (c >= 0x80) return Idn.GetAscii(host);
            }
            return host;
        }
    }
}
