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
/// <item>every other state keeps its trie edges in a CSR block of interleaved (key, target) pairs sorted by alphabet
/// index (linear probe when small, binary search when large);</item>
/// <item>states are numbered in breadth-first order and their hot fields (edge range, failure, output) are packed into one
/// 24-byte struct together with a 64-bit mask of its edge keys (a miss is usually rejected by one bit test), so the shallow states that a scan visits almost all the time sit together in cache;</item>
/// <item>failure links and "output links" (nearest terminal state on the failure chain) are computed at build time,
/// so reporting all matches ending at a position is a short walk over terminal states only.</item>
/// </list>
/// </summary>
internal sealed class AhoCorasick
{
    private struct State
    {
        public int EdgeStart;
        public int EdgeEnd;
        public int Fail;
        public int Output; // first terminal state reachable (itself or via failure chain), -1 none
        public ulong KeyMask; // bit (key & 63) set for every edge key: most misses are rejected without touching the edges
    }

    private struct Edge
    {
        public int Key;
        public int Target;
    }

    private readonly int[] _charMap;      // char -> alphabet index, 0 = char in no pattern
    private readonly int[] _root;         // alphabet index -> child of root (0 = none)
    private readonly State[] _states;
    private readonly Edge[] _edges;
    private readonly int[] _nextOutput;   // next terminal state on the failure chain of a terminal state, -1 none
    private readonly int[] _statePattern; // pattern index of a terminal state, -1 otherwise
    private readonly int[] _patternLength;

    public int PatternCount => _patternLength.Length;
    public int StateCount => _states.Length;
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

        // 1. Trie with a hashed edge map (build time only), insertion-order state ids.
        var edges = new Dictionary<long, int>();
        var patternOfOld = new List<int> { -1 };
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
                    t = patternOfOld.Count;
                    patternOfOld.Add(-1);
                    edges.Add(key, t);
                }
                s = t;
            }
            if (patternOfOld[s] < 0) patternOfOld[s] = pi;
        }
        int n = patternOfOld.Count;

        // 2. Edges sorted by (from, key) → CSR over old ids.
        var all = new (int From, int Key, int To)[edges.Count];
        int k = 0;
        foreach (var kv in edges) all[k++] = ((int)(kv.Key >> 17), (int)(kv.Key & 0x1FFFF), kv.Value);
        Array.Sort(all, static (a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.Key.CompareTo(b.Key));
        var oldStart = new int[n + 1];
        foreach (var e in all) oldStart[e.From + 1]++;
        for (int i = 0; i < n; i++) oldStart[i + 1] += oldStart[i];

        // 3. Renumber states breadth first (root = 0), rebuild CSR in the new order.
        var order = new int[n];  // new id -> old id
        var newId = new int[n];
        int tail = 1;
        for (int head = 0; head < tail; head++)
        {
            int old = order[head];
            for (int e = oldStart[old]; e < oldStart[old + 1]; e++)
            {
                newId[all[e].To] = tail;
                order[tail++] = all[e].To;
            }
        }
        _states = new State[n];
        _edges = new Edge[all.Length];
        _statePattern = new int[n];
        _root = new int[alphabet + 1];
        int w = 0;
        for (int s = 0; s < n; s++)
        {
            int old = order[s];
            _statePattern[s] = patternOfOld[old];
            _states[s].EdgeStart = w;
            for (int e = oldStart[old]; e < oldStart[old + 1]; e++)
            {
                _edges[w].Key = all[e].Key;
                _edges[w].Target = newId[all[e].To];
                _states[s].KeyMask |= 1UL << (all[e].Key & 63);
                if (s == 0) _root[all[e].Key] = _edges[w].Target;
                w++;
            }
            _states[s].EdgeEnd = w;
        }

        // 4. Failure and output links; BFS order = increasing id, so parents are done before children.
        _nextOutput = new int[n];
        Array.Fill(_nextOutput, -1);
        _states[0].Output = -1;
        for (int u = 0; u < n; u++)
        {
            for (int e = _states[u].EdgeStart; e < _states[u].EdgeEnd; e++)
            {
                int c = _edges[e].Key;
                int v = _edges[e].Target;
                int target = 0;
                if (u != 0)
                {
                    int f = _states[u].Fail;
                    while (true)
                    {
                        int t = Goto(f, c);
                        if (t > 0) { target = t; break; }
                        if (f == 0) break;
                        f = _states[f].Fail;
                    }
                }
                _states[v].Fail = target;
                int inherited = target == 0 ? -1 : _states[target].Output;
                if (_statePattern[v] >= 0)
                {
                    _states[v].Output = v;
                    _nextOutput[v] = inherited;
                }
                else
                {
                    _states[v].Output = inherited;
                }
            }
        }
    }

    public int PatternLength(int pattern) => _patternLength[pattern];

    /// <summary>Transition along a trie edge only (no failure); 0 when absent (root is never a target).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Goto(int state, int c)
    {
        if (state == 0) return _root[c];
        ref readonly State st = ref _states[state];
        return FindEdge(_edges, st.EdgeStart, st.EdgeEnd, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindEdge(Edge[] edges, int lo, int hi, int c)
    {
        if (hi - lo <= 8)
        {
            for (int i = lo; i < hi; i++)
            {
                int key = edges[i].Key;
                if (key == c) return edges[i].Target;
                if (key > c) return 0;
            }
            return 0;
        }
        hi--;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int key = edges[mid].Key;
            if (key == c) return edges[mid].Target;
            if (key < c) lo = mid + 1; else hi = mid - 1;
        }
        return 0;
    }

    /// <summary>One step of the automaton from <paramref name="s"/> on alphabet index <paramref name="c"/> (c &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(int s, int c)
    {
        var states = _states;
        var edges = _edges;
        ulong bit = 1UL << (c & 63);
        while (s != 0)
        {
            ref readonly State st = ref states[s];
            if ((st.KeyMask & bit) != 0)
            {
                int t = FindEdge(edges, st.EdgeStart, st.EdgeEnd, c);
                if (t > 0) return t;
            }
            s = st.Fail;
        }
        return _root[c];
    }

    /// <summary>Counts every (position, pattern) occurrence, overlaps included. No allocation.</summary>
    public int CountMatches(ReadOnlySpan<char> text)
    {
        var map = _charMap;
        var states = _states;
        var nextOutput = _nextOutput;
        int count = 0;
        int s = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = map[text[i]];
            if (c == 0) { s = 0; continue; }
            s = Step(s, c);
            for (int o = states[s].Output; o >= 0; o = nextOutput[o]) count++;
        }
        return count;
    }

    /// <summary>Adds every occurrence (overlaps included) to <paramref name="sink"/>, in order of end position.</summary>
    public void FindAll(ReadOnlySpan<char> text, List<AhoCorasickMatch> sink)
    {
        var map = _charMap;
        var states = _states;
        var nextOutput = _nextOutput;
        int s = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int c = map[text[i]];
            if (c == 0) { s = 0; continue; }
            s = Step(s, c);
            for (int o = states[s].Output; o >= 0; o = nextOutput[o])
            {
                int p = _statePattern[o];
                int len = _patternLength[p];
                sink.Add(new AhoCorasickMatch(i - len + 1, len, p));
            }
        }
    }
}
