using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Governance.Workflows.PreCheck;

namespace Governance.Benchmarks;

/// <summary>
/// Dictionary scan: per-term IndexOf loop (baseline) vs BCL SearchValues&lt;string&gt; vs our Aho–Corasick automaton.
/// Synthetic Chinese text (random CJK from a fixed seed, ~1 planted term per 200 chars) and synthetic terms (2–6 chars).
/// </summary>
[MemoryDiagnoser]
public class DictionaryScanBenchmarks
{
    [Params(10, 100)]
    public int TextKB { get; set; }

    [Params(1000, 20000)]
    public int Terms { get; set; }

    private string _text = "";
    private string[] _terms = [];
    private SearchValues<string> _searchValues = null!;
    private PreCheckRuleSet _rules = null!;
    private AhoCorasick _automaton = null!;
    private PreCheckInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Alphabet: 3,000 code points from the common CJK block, so the dictionary and the text share characters.
        const int alphabetSize = 3000;
        var termRng = new Random(20240601);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (set.Count < Terms)
        {
            int len = termRng.Next(2, 7);
            var chars = new char[len];
            for (int i = 0; i < len; i++) chars[i] = (char)(0x4E00 + termRng.Next(alphabetSize));
            set.Add(new string(chars));
        }
        _terms = set.ToArray();

        var textRng = new Random(42);
        int targetChars = TextKB * 1024 / 2; // UTF-16: 2 bytes per char
        var sb = new StringBuilder(targetChars + 16);
        while (sb.Length < targetChars)
        {
            if (textRng.Next(200) == 0) sb.Append(_terms[textRng.Next(_terms.Length)]);
            else if (textRng.Next(40) == 0) sb.Append('，');
            else sb.Append((char)(0x4E00 + textRng.Next(alphabetSize)));
        }
        _text = sb.ToString(0, targetChars);

        _searchValues = SearchValues.Create(_terms, StringComparison.Ordinal);
        var dictionary = _terms.Select((t, i) => new DictionaryTerm(t, i % 2 == 0 ? TermKind.Sensitive : TermKind.Incorrect, i % 2 == 0 ? null : "正确表述")).ToArray();
        _rules = PreCheckRuleSet.Create(dictionary, [], []);
        _automaton = _rules.Automaton;
        _input = new PreCheckInput("标题", "<p>" + _text + "</p>");
    }

    /// <summary>For each term, IndexOf loop over the text: all occurrences.</summary>
    [Benchmark(Baseline = true)]
    public int PerTermContains()
    {
        int count = 0;
        var text = _text;
        foreach (var term in _terms)
        {
            for (int i = text.IndexOf(term, StringComparison.Ordinal); i >= 0; i = text.IndexOf(term, i + 1, StringComparison.Ordinal))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>SearchValues&lt;string&gt;: repeated IndexOfAny, each call restarting one char after the previous match start.</summary>
    [Benchmark]
    public int SearchValuesScan()
    {
        int count = 0;
        ReadOnlySpan<char> span = _text;
        int offset = 0;
        while (true)
        {
            int i = span[offset..].IndexOfAny(_searchValues);
            if (i < 0) break;
            count++;
            offset += i + 1;
        }
        return count;
    }

    /// <summary>Our automaton, one pass, every (position, term) occurrence counted.</summary>
    [Benchmark]
    public int AhoCorasick() => _automaton.CountMatches(_text);

    /// <summary>The whole engine (HTML → text, PII, secret marks, dictionary, links, form) on the same text.</summary>
    [Benchmark]
    public int EngineFull() => PreCheckEngine.Default.Check(_input, _rules).Hits.Count;
}
