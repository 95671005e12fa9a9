using Governance.Data.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Workflows.Engine;

/// <summary>A workflow's entry in the navigation: label, icon (a Material icon name, e.g. "ViewQuilt"), route, who sees it.</summary>
public sealed record NavEntry(string Label, string Icon, string Route, IReadOnlyList<string>? Roles = null, int Order = 100)
{
    /// <summary>Whether a user with <paramref name="roles"/> sees the entry (everyone when no roles are named).</summary>
    public bool IsVisibleTo(IEnumerable<string> roles) => Roles is null || Roles.Count == 0 || roles.Any(Roles.Contains);
}

/// <summary>A purpose an attachment of this workflow may have (方案, 解读材料, 佐证材料 …).</summary>
public sealed record AttachmentPurpose(string Code, string DisplayName)
{
    public const string OtherCode = "other";

    /// <summary>The purpose every workflow offers.</summary>
    public static readonly AttachmentPurpose Other = new(OtherCode, "其他");
}

/// <summary>A deadline in working days a workflow keeps beside those its states carry (W4: by severity).</summary>
public sealed record DaysSetting(string Key, string Label, int Default);

/// <summary>
/// A recurring job a module runs (Hangfire): its id, what it does, its default schedule (cron) and the configuration key
/// that may override it. The job must be idempotent — the storage may run it twice.
/// </summary>
public sealed record ModuleJob(string Id, Func<IServiceProvider, CancellationToken, Task> Run, string DefaultCron, string CronConfigKey);

/// <summary>An on/off setting of a workflow's rules that Admin may change (e.g. 保密审查 by a second reviewer).</summary>
public sealed record ToggleSetting(string Key, string Label, bool Default, string Hint);

/// <summary>
/// One workflow as a module: everything the shared parts (registry, navigation, status chips, attachments, settings,
/// API, detail shell) need to know about it, in one descriptor in its definition folder
/// (<c>Governance.Workflows/Definitions/&lt;Name&gt;/</c>). Its pages live in <c>Governance.Web/Features/&lt;Name&gt;/</c>.
/// The shared parts read descriptors and never name a workflow. Register with
/// <see cref="WorkflowModuleRegistration.AddWorkflowModule"/>.
/// </summary>
public abstract class WorkflowModule
{
    /// <summary>The folder name of its definition and of its feature pages, e.g. "ColumnRequests".</summary>
    public abstract string Name { get; }

    /// <summary>Every version of its definition (instances keep the version they started on).</summary>
    public abstract IReadOnlyList<WorkflowDefinition> Definitions { get; }

    public WorkflowDefinition Latest => Definitions.MaxBy(d => d.Version)!;

    public string Key => Latest.Key;

    public string DisplayName => Latest.DisplayName;

    public abstract NavEntry Navigation { get; }

    /// <summary>The item's detail route, with {0} for the instance id.</summary>
    public string ItemRoute => Latest.DetailRoute;

    /// <summary>What attachments of its items may be (the first is the default).</summary>
    public virtual IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [AttachmentPurpose.Other];

    /// <summary>Its on/off settings, shown on the settings page beside the deadlines its states carry.</summary>
    public virtual IReadOnlyList<ToggleSetting> Toggles { get; } = [];

    /// <summary>Its recurring jobs (a scheduler of periodic tasks, a digest), scheduled by the host.</summary>
    public virtual IReadOnlyList<ModuleJob> Jobs { get; } = [];

    /// <summary>Deadlines in working days beyond those its states carry, shown on the settings page with them.</summary>
    public virtual IReadOnlyList<DaysSetting> DeadlineSettings { get; } = [];

    /// <summary>The path segment of its read API: <c>GET /api/v1/{ApiSegment}/{id}</c>.</summary>
    public abstract string ApiSegment { get; }

    /// <summary>Its services (reads and commands, rules classes its definition names).</summary>
    public virtual void AddServices(IServiceCollection services) { }

    /// <summary>
    /// The item's business fields for the read API, for an item the runtime has already shown the actor may see; null when
    /// the item is not of this workflow.
    /// </summary>
    public virtual Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct) =>
        Task.FromResult<object?>(null);
}

/// <summary>Every registered workflow module, in navigation order.</summary>
public sealed class WorkflowModules
{
    private readonly Dictionary<string, WorkflowModule> _byKey;

    public WorkflowModules(IEnumerable<WorkflowModule> modules)
    {
        All = modules.OrderBy(m => m.Navigation.Order).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        _byKey = All.ToDictionary(m => m.Key);
    }

    public IReadOnlyList<WorkflowModule> All { get; }

    public WorkflowModule? Find(string definitionKey) => _byKey.GetValueOrDefault(definitionKey);

    public WorkflowModule Get(string definitionKey) =>
        Find(definitionKey) ?? throw new InvalidOperationException($"No workflow module registered for {definitionKey}");

    /// <summary>The attachment purposes of a workflow's items.</summary>
    public IReadOnlyList<AttachmentPurpose> PurposesFor(string definitionKey) =>
        Find(definitionKey)?.AttachmentPurposes ?? [AttachmentPurpose.Other];

    /// <summary>A purpose's display name, whichever workflow declared it.</summary>
    public string PurposeName(string code) =>
        All.SelectMany(m => m.AttachmentPurposes).FirstOrDefault(p => p.Code == code)?.DisplayName ?? code;
}

public static class WorkflowModuleRegistration
{
    /// <summary>
    /// Registers a workflow: its descriptor, its definitions (through the registry) and its services. This one line is
    /// all a new workflow adds to the composition.
    /// </summary>
    public static IServiceCollection AddWorkflowModule(this IServiceCollection services, WorkflowModule module)
    {
        services.AddSingleton(module);
        services.TryAddSingleton<WorkflowModules>();
        services.TryAddSingleton(sp => new WorkflowRegistry(sp.GetServices<WorkflowModule>().SelectMany(m => m.Definitions)));
        module.AddServices(services);
        return services;
    }
}
