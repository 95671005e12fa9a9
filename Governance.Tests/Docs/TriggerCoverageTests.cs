using System.Reflection;
using System.Text.RegularExpressions;
using Governance.Tests.Modules.DemoTasks;
using Governance.Tests.Support;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Docs;

/// <summary>
/// docs/TESTING.md lists, for every trigger of every registered workflow, the tests that fire it and check its effect (state,
/// journal, notification). This test reads the modules from the composition (so a new module's triggers are included
/// automatically) and that table: it fails when a trigger has no row, or a row names a test that does not exist.
/// </summary>
public sealed class TriggerCoverageTests
{
    private static readonly Regex Row = new(@"^\|\s*(?<wf>[A-Za-z0-9]+)\s*\|\s*(?<trigger>[A-Za-z]+)\s*\|[^|]*\|\s*(?<tests>[^|]+)\|\s*$", RegexOptions.Multiline);
    private static readonly Regex TestName = new(@"`(?<class>\w+)\.(?<method>\w+)`");

    private static string TestingMd()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "TESTING.md");
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException("docs/TESTING.md not found above " + AppContext.BaseDirectory);
    }

    /// <summary>(workflow key, trigger) → the tests named in its row.</summary>
    private static Dictionary<(string, string), List<(string Class, string Method)>> Table() =>
        Row.Matches(TestingMd()).Where(m => m.Groups["wf"].Value != "workflow").ToDictionary(m => (m.Groups["wf"].Value, m.Groups["trigger"].Value),
            m => TestName.Matches(m.Groups["tests"].Value).Select(t => (t.Groups["class"].Value, t.Groups["method"].Value)).ToList());

    /// <summary>Every trigger of every definition version of every module the application registers, plus the test-only demo module.</summary>
    private static List<(string Key, string Trigger)> RegisteredTriggers()
    {
        var services = new ServiceCollection();
        services.AddGovernanceCore(Path.Combine(Path.GetTempPath(), "gov-unused-" + Guid.NewGuid().ToString("N") + ".db"),
            new FakeTimeProvider(WorkflowTestHost.Start));
        services.AddWorkflowModule(new DemoTaskModule());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<WorkflowModules>().All
            .SelectMany(m => m.Definitions).SelectMany(d => d.Triggers.Select(t => (d.Key, t.Name))).Distinct().ToList();
    }

    [Fact]
    public void EveryRegisteredTrigger_HasARowNamingAtLeastOneTest()
    {
        var table = Table();
        var triggers = RegisteredTriggers();
        Assert.Contains(("W1", "Submit"), triggers);
        Assert.Contains(("W2", "Withdraw"), triggers);
        Assert.Contains(("DT", "Assign"), triggers);
        var missing = triggers.Where(t => !table.TryGetValue(t, out var tests) || tests.Count == 0).Select(t => $"{t.Key} {t.Trigger}").ToList();
        Assert.True(missing.Count == 0, "docs/TESTING.md has no row (or no test) for: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryRow_NamesARegisteredTrigger_AndTestsThatExist()
    {
        var triggers = RegisteredTriggers().ToHashSet();
        var tests = typeof(TriggerCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
                .Select(m => (t.Name, m.Name)))
            .ToHashSet();
        var problems = new List<string>();
        foreach (var ((wf, trigger), named) in Table())
        {
            if (!triggers.Contains((wf, trigger))) problems.Add($"row {wf} {trigger}: no such trigger");
            problems.AddRange(named.Where(n => !tests.Contains(n)).Select(n => $"row {wf} {trigger}: no test {n.Class}.{n.Method}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
