using System.Runtime.CompilerServices;

namespace Governance.Workflows.PreCheck;

/// <summary>A match of the automaton: pattern <see cref="Pattern"/> occupies [Start, Start + Length).</summary>
internal readonly record struct AhoCorasickMatch(int Start, int Length, int Pattern);

/// <summary>
/// Multi-pattern matcher (Aho–Corasick), built once, scanned many times; immutable and thread-safe after construction.
/// <para>Layout (all flat arrays, no per-node objects):</para>
/// <list type="bullet">
/// <item>chars are mapped to a compact alphabet (1..A) through a 65,536-entry table; chars that occur in no pattern map to 0
/// and reset the automaton to the root with a single lookup;</item>
/// <item>the root has a dense transition row (A+1 entries);</item>
/// <item>every other state keeps its trie edges in a CSR block sorted by alphabet index (linear probe when small,
/// binary search when large);</item>
/// <item>failure links and "output links" (nearest terminal state on the failure chain) are computed at build time,
/// so reporting all matches ending at a position is a short walk over terminal states only.</item>
/// </list>
/// </summary>
internal sealed class AhoCorasick
{
    private readonly int[] _charMap;      // char -> alphabet index, 0 = char in no pattern
    private readonly int[] _root;         // alphabet index -> child of root (0 = none)
    private readonly int[] _edgeStart;    // state -> first edge (CSR), length = states + 1
    private readonly int[] _edgeKey;      // alphabet index of edge, sorted within a state
    private readonly int[] _edgeTarget;   // target state of edge
    private readonly int[] _fail;         // failure link
    private readonly int[] _output;       // first terminal state for this state (itself or via failure chain), -1 none
    private readonly int[] _nextOutput;   // next terminal state on the failure chain of a terminal state, -1 none
    private readonly int[] _statePattern; // pattern index of a terminal state, -1 otherwise
    private readonly int[] _patternLength;

    public int PatternCount => _patternLength.Length;
    public int StateCount => _fail.Length;
    public int AlphabetSize => _root.Length - 1;

    /// <summary>Builds the automaton. Empty patterns are ignored; duplicates keep the first index (later ones never match).</summary>
    public AhoCorasick(IReadOnlyList<string> patterns)
    {
        _patternLength = new int[patterns.Count];
        _charMap = new int[65536];
        int alphabet = 0;
        foreach (var p in patterns)
        {
            foreach (var ch in p)
            {
                if (_charMap[ch] == 0) _charMap[ch] = ++alphabet;
            }
        }

        // 1. Trie with a hashed edge map (build time only).
        var edges = new Dictionary<long, int>();
        var depthList = new List<int> { 0 };
        var patternOf = new List<int> { -1 };
        for (int pi = 0; pi < patterns.Count; pi++)
        {
            string p = patterns[pi];
            _patternLength[pi] = p.Length;
            if (p.Length == 0) continue;
            int s = 0;
            foreach (var ch in p)
            {
                long key = ((long)s << 17) | (uint)_charMap[ch];
                if (!edges.TryGetValue(key, out int t))
                {
                    t = depthList.Count;
                    depthList.Add(depthList[s] + 1);
                    patternOf.Add(-1);
                    edges.Add(key, t);
                }
                s = t;
            }
            if (patternOf[s] < 0) patternOf[s] = pi;
        }

        int n = depthList.Count;
        _statePattern = patternOf.ToArray();
        _root = new int[alphabet + 1];

        // 2. CSR edges sorted by (state, key).
        var all = new (int From, int Key, int To)[edges.Count];
        int k = 0;
        foreach (var kv in edges)
        {
            all[k++] = ((int)(kv.Key >> 17), (int)(kv.Key & 0x1FFFF), kv.Value);
        }
        Array.Sort(all, static (a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.Key.CompareTo(b.Key));
        _edgeStart = new int[n + 1];
        _edgeKey = new int[all.Length];
        _edgeTarget = new int[all.Length];
        for (int i = 0; i < all.Length; i++)
        {
            _edgeStart[all[i].From + 1]++;
            _edgeKey[i] = all[i].Key;
            _edgeTarget[i] = all[i].To;
            if (all[i].From == 0) _root[all[i].Key] = all[i].To;
        }
        for (int i = 0; i < n; i++) _edgeStart[i + 1] += _edgeStart[i];

        // 3. Failure and output links, breadth first.
        _fail = new int[n];
        _output = new int[n];
        _nextOutput = new int[n];
        Array.Fill(_nextOutput, -1);
        var queue = new int[n];
        int head = 0, tail = 0;
        _output[0] = -1;
        for (int e = _edgeStart[0]; e < _edgeStart[1]; e++)
        {
            int v = _edgeTarget[e];
            _fail[v] = 0;
            _output[v] = _statePattern[v] >= 0 ? v : -1;
            queue[tail++] = v;
        }
        while (head < tail)
        {
            int u = queue[head++];
            for (int e = _edgeStart[u]; e < _edgeStart[u + 1]; e++)
            {
                int c = _edgeKey[e];
                int v = _edgeTarget[e];
                int f = _fail[u];
                int target;
                while (true)
                {
                    int t = Goto(f, c);
                    if (t > 0) { target = t; break; }
                    if (f == 0) { target = 0; break; }
                    f = _fail[f];
                }
                _fail[v] = target;
                int inherited = _output[target];
                if (_statePattern[v] >= 0)
                {
                    _output[v] = v;
                    _nextOutput[v] = inherited;
                }
                else
                {
                    _output[v] = inherited;
                }
                queue[tail++] = v;
            }
        }
    }

    public int PatternLength(int pattern) => _patternLength[pattern];

    /// <summary>Transition along a trie edge only (no failure); 0 when absent (root is never a target).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Goto(int state, int c)
    {
        if (state == 0) return _root[c];
        int lo = _edgeStart[state];
        int hi = _edgeStart[state + 1];
        var keys = _edgeKey;
        if (hi - lo <= 8)
        {
            for (int i = lo; i < hi; i++)
            {
                int key = keys[i];
                if (key == c) return _edgeTarget[i];
                if (key > c) return 0;
            }
            return 0;
        }
        hi--;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int key = keys[mid];
            if (key == c) return _edgeTarget[mid];
            if (key < c) lo = mid + 1; else hi = mid - 1;
        }
        return 0;
    }

    /// <summary>Counts every (position, pattern) occurrence, overlaps included. No allocation.</summary>
    public int CountMatches(ReadOnlySpan<char> text)
    {
        var map = _charMap;
        var root = _root;
        var fail = _fail;
        var output = _output;
        var nextOutput = _nextOutput;
        int count = 0;
        int s = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = map[text[i]];
            if (c == 0) { s = 0; continue; }
            while (true)
            {
                if (s == 0) { s = root[c]; break; }
                int t = Goto(s, c);
                if (t > 0) { s = t; break; }
                s = fail[s];
            }
            for (int o = output[s]; o >= 0; o = nextOutput[o]) count++;
        }
        return count;
    }

    /// <summary>Adds every occurrence (overlaps included) to <paramref name="sink"/>, in order of end position.</summary>
    public void FindAll(ReadOnlySpan<char> text, List<AhoCorasickMatch> sink)
    {
        var map = _charMap;
        var root = _root;
        var fail = _fail;
        var output = _output;
        var nextOutput = _nextOutput;
        int s = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = map[text[i]];
            if (c == 0) { s = 0; continue; }
            while (true)
            {
                if (s == 0) { s = root[c]; break; }
                int t = Goto(s, c);
                if (t > 0) { s = t; break; }
                s = fail[s];
            }
            for (int o = output[s]; o >= 0; o = nextOutput[o])
            {
                int p = _statePattern[o];
                int len = _patternLength[p];
                sink.Add(new AhoCorasickMatch(i - len + 1, len, p));
            }
        }
    }
}
