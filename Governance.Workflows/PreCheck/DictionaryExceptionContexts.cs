namespace Governance.Workflows.PreCheck;

/// <summary>
/// 例外语境 of a dictionary term: contexts in which the term is not a hit (台独 in 平台独立). Stored and carried one
/// per line; entered and imported separated by line breaks, "｜" or "|"; exported joined by "｜".
/// Each context must contain the term (compared as the engine matches: full-width/case folded) and be longer than it.
/// </summary>
public static class DictionaryExceptionContexts
{
    public const int MaxContextLength = 50;
    public const int MaxContexts = 20;
    /// <summary>Separator used in exports and in the list.</summary>
    public const string DisplaySeparator = "｜";

    private static readonly char[] Separators = ['\n', '\r', '|', '｜'];

    /// <summary>Contexts in <paramref name="text"/>: split on line breaks / "｜" / "|", trimmed, empty and duplicate ones dropped.</summary>
    public static IReadOnlyList<string> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var list = new List<string>();
        foreach (var part in text.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!list.Contains(part, StringComparer.Ordinal)) list.Add(part);
        }
        return list;
    }

    /// <summary>The stored form (one per line), or null when there are none.</summary>
    public static string? Join(IEnumerable<string> contexts)
    {
        var s = string.Join("\n", contexts);
        return s.Length == 0 ? null : s;
    }

    /// <summary>"平台独立｜平台独家" for display and export ("" when none).</summary>
    public static string Display(string? stored) => string.Join(DisplaySeparator, Split(stored));

    /// <summary>Chinese error for the first invalid context, or null when all are valid.</summary>
    public static string? Validate(string term, IReadOnlyList<string> contexts)
    {
        if (contexts.Count > MaxContexts) return $"例外语境不超过 {MaxContexts} 个。";
        var key = TextNormalizer.Normalize(term.Trim());
        foreach (var c in contexts)
        {
            if (c.Length > MaxContextLength) return $"例外语境“{c}”过长（不超过 {MaxContextLength} 字）。";
            var normalized = TextNormalizer.Normalize(c);
            if (!normalized.Contains(key, StringComparison.Ordinal)) return $"例外语境“{c}”不含词条“{term}”，每个例外语境须包含词条本身。";
            if (normalized.Length == key.Length) return $"例外语境“{c}”与词条相同，须比词条多出前后文字。";
        }
        return null;
    }
}
