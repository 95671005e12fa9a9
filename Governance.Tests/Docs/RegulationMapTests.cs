using System.Reflection;
using System.Text.RegularExpressions;

namespace Governance.Tests.Docs;

/// <summary>
/// docs/REGULATION.md says which test proves each article. Every test it names must exist in this assembly, so the
/// map cannot promise a proof that is not there. Citations are the backticked names in the last column ("proved by"):
/// <c>Class.Method</c>, <c>Class</c> alone, <c>Class.*</c> / <c>Class.Prefix_*</c>, and <c>…Method</c> meaning "a method of the
/// class cited just before it in the same cell".
/// </summary>
public sealed partial class RegulationMapTests
{
    /// <summary>One citation: where it stands, the class, and the method (null: the class alone; may end in *).</summary>
    public sealed record Citation(string Article, string Text, string Class, string? Method);

    [Fact]
    public void Citations_EveryCitedTestClassAndMethodExists()
    {
        var citations = Parse(File.ReadAllLines(RegulationPath()));
        Assert.True(citations.Count >= 30, $"only {citations.Count} citations parsed: has the table changed shape?");

        var problems = citations.Select(Check).OfType<string>().ToList();

        Assert.True(problems.Count == 0, "docs/REGULATION.md cites tests that do not exist:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Parse_ShorthandClassAloneAndWildcard_ResolvedWithinTheCell()
    {
        var citations = Parse(
        [
            "| article | rule | enforced in | proved by |",
            "|---|---|---|---|",
            "| 第1条 | r | `Engine/X.cs` `Foo.Bar` | `ATests.One_Case`, `…Two_Case`; `BTests`; browser: `CTests.Run_*` and `…Three` |",
            "| 第2条 | r | x | — (later) |",
        ]);

        Assert.Equal(
        [
            new Citation("第1条", "ATests.One_Case", "ATests", "One_Case"),
            new Citation("第1条", "…Two_Case", "ATests", "Two_Case"),
            new Citation("第1条", "BTests", "BTests", null),
            new Citation("第1条", "CTests.Run_*", "CTests", "Run_*"),
            new Citation("第1条", "…Three", "CTests", "Three"),
        ], citations);
    }

    [Fact]
    public void Check_MissingClassOrMethod_Reported()
    {
        Assert.Null(Check(new Citation("x", "", nameof(RegulationMapTests), nameof(Citations_EveryCitedTestClassAndMethodExists))));
        Assert.Null(Check(new Citation("x", "", nameof(RegulationMapTests), "Parse_*")));
        Assert.Null(Check(new Citation("x", "", nameof(RegulationMapTests), null)));
        Assert.NotNull(Check(new Citation("x", "", "PreCheckEngineTests", null)));
        Assert.NotNull(Check(new Citation("x", "", nameof(RegulationMapTests), "NoSuchMethod")));
        Assert.NotNull(Check(new Citation("x", "", nameof(RegulationMapTests), "NoSuch_*")));
        // A helper that is not a test does not count as a proof.
        Assert.NotNull(Check(new Citation("x", "", nameof(RegulationMapTests), nameof(Parse))));
    }

    /// <summary>The citations of every table row of the map, in order.</summary>
    public static List<Citation> Parse(IEnumerable<string> lines)
    {
        var result = new List<Citation>();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith('|') || trimmed.StartsWith("|---", StringComparison.Ordinal)) continue;
            var cells = trimmed.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 2 || cells[0] == "article") continue;
            string? lastClass = null;
            foreach (Match m in Backticked().Matches(cells[^1]))
            {
                var text = m.Groups[1].Value.Trim();
                if (text.StartsWith('…'))
                {
                    if (lastClass is null) throw new FormatException($"{cells[0]}: “{text}” has no class cited before it in its cell");
                    result.Add(new Citation(cells[0], text, lastClass, text.TrimStart('…')));
                    continue;
                }
                var cited = CitedName().Match(text);
                if (!cited.Success) continue; // a file or a rule code, not a test
                lastClass = cited.Groups["class"].Value;
                var method = cited.Groups["method"].Success ? cited.Groups["method"].Value : null;
                result.Add(new Citation(cells[0], text, lastClass, method is "*" ? null : method));
            }
        }
        return result;
    }

    /// <summary>Null when the cited class (and method) exists as a test in this assembly, otherwise what is wrong.</summary>
    public static string? Check(Citation c)
    {
        var types = typeof(RegulationMapTests).Assembly.GetTypes().Where(t => t.Name == c.Class).ToList();
        if (types.Count == 0) return $"{c.Article}: `{c.Text}` — no test class {c.Class}";
        var tests = types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()).Select(m => m.Name).ToList();
        if (tests.Count == 0) return $"{c.Article}: `{c.Text}` — {c.Class} has no tests";
        if (c.Method is null) return null;
        var found = c.Method.EndsWith('*')
            ? tests.Any(t => t.StartsWith(c.Method.TrimEnd('*'), StringComparison.Ordinal))
            : tests.Contains(c.Method);
        return found ? null : $"{c.Article}: `{c.Text}` — {c.Class} has no test {c.Method}";
    }

    /// <summary>docs/REGULATION.md of the solution these tests were built from.</summary>
    public static string RegulationPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "Governance.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, "docs", "REGULATION.md");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    /// <summary>A test name: <c>SomeTests</c>, <c>SomeTests.Method</c>, <c>SomeTests.*</c>, <c>SomeTests.Prefix_*</c>.</summary>
    [GeneratedRegex(@"^(?<class>[A-Z]\w*Tests)(\.(?<method>\w*\*?))?$")]
    private static partial Regex CitedName();
}
