using System.Text.RegularExpressions;
using Governance.Tests.Modules.DemoTasks;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Modules;

/// <summary>
/// The shared parts read module descriptors and never name a workflow; each workflow lives in one definition folder and
/// one feature folder of the same name. Read from the source tree, comments left out.
/// </summary>
public sealed partial class SharedPartsNameNoWorkflowTests
{
    /// <summary>The registry, runtime, inbox, deadlines, notifications, attachments, audit, navigation, shell, lists, settings, API.</summary>
    private static readonly string[] SharedPlaces =
    [
        "Governance.Workflows/Engine", "Governance.Workflows/Deadlines", "Governance.Workflows/Notifications",
        "Governance.Workflows/Attachments", "Governance.Workflows/Audit", "Governance.Workflows/Settings", "Governance.Workflows/Mail",
        "Governance.Web/Components", "Governance.Web/Features/Shared", "Governance.Web/Features/Inbox",
        "Governance.Web/Features/Notifications", "Governance.Web/Features/Admin/SettingsPage.razor",
        "Governance.Web/Features/Admin/MailSettingsPage.razor", "Governance.Web/Api",
        "Governance.Web/Infrastructure",
    ];

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Governance.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static IReadOnlyList<WorkflowModule> Modules()
    {
        var services = new ServiceCollection();
        Governance.Workflows.WorkflowsServiceCollectionExtensions.AddGovernanceWorkflows(services);
        services.AddWorkflowModule(new DemoTaskModule());
        return services.Where(d => d.ServiceType == typeof(WorkflowModule)).Select(d => (WorkflowModule)d.ImplementationInstance!).ToList();
    }

    [GeneratedRegex(@"//.*?$|@\*.*?\*@|/\*.*?\*/", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Comments();

    [Fact]
    public void SharedFiles_NameNoWorkflow()
    {
        var modules = Modules();
        Assert.Equal(7, modules.Count);
        var words = modules.SelectMany(m => new[]
        {
            m.Name.TrimEnd('s'), $"\"{m.Key}\"", m.DisplayName, m.Navigation.Route + "\"", m.ItemRoute.Replace("{0}", "", StringComparison.Ordinal),
        }).ToList();
        var files = SharedPlaces.SelectMany(p =>
        {
            var full = Path.Combine(Root, p);
            return File.Exists(full) ? [full] : Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal));
        }).ToList();
        Assert.True(files.Count > 30, $"only {files.Count} shared files found");
        var offences = (from f in files
                        let code = Comments().Replace(File.ReadAllText(f), "")
                        from w in words
                        where code.Contains(w, StringComparison.Ordinal)
                        select $"{Path.GetRelativePath(Root, f)} names {w}").ToList();
        Assert.Empty(offences);
    }

    [Fact]
    public void EachProductWorkflow_HasOneDefinitionFolderAndOneFeatureFolderOfTheSameName()
    {
        foreach (var m in Modules().Where(m => m.GetType().Assembly != typeof(DemoTaskModule).Assembly))
        {
            Assert.True(Directory.Exists(Path.Combine(Root, "Governance.Workflows", "Definitions", m.Name)), $"Definitions/{m.Name}");
            Assert.True(Directory.Exists(Path.Combine(Root, "Governance.Web", "Features", m.Name)), $"Features/{m.Name}");
            Assert.Equal($"Governance.Workflows.Definitions.{m.Name}", m.GetType().Namespace);
        }
    }
}
