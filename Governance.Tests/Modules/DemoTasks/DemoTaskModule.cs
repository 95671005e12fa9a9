using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Tests.Modules.DemoTasks;

/// <summary>
/// A three-state workflow that only the tests register, to prove the module seam: registered with one line, it appears
/// in the navigation, the 工作台, the detail shell, the API, the settings page and the diagram, and no shared file names it.
/// The Monitor hands a task to a unit (the handling unit); that unit's Editor completes it. The system may open and hand
/// over tasks too (a sweep, a monthly job).
/// </summary>
public sealed class DemoTaskModule : WorkflowModule
{
    public const string DefinitionKey = "DT";
    public const string DaysSetting = "DT.OpenWorkingDays";
    public const string ToggleSetting = "DT.RequireNote";

    public static class S
    {
        public const string Open = "Open";
        public const string Assigned = "Assigned";
        public const string Done = "Done";
    }

    public static class T
    {
        public const string Assign = "Assign";
        public const string Complete = "Complete";
    }

    public static readonly WorkflowDefinition Definition = new WorkflowBuilder(DefinitionKey, 1, "演示任务", "YS", "/demo-tasks/{0}")
        .State(S.Open, "待分派", Roles.Monitor, AnyUnit, new DeadlineRule(DaysSetting, 2, ReminderLevels.Before, []), initial: true)
        .State(S.Assigned, "办理中", Roles.Editor, HandlingUnit)
        .State(S.Done, "已完成", final: true, tone: StateTone.Success)
        .Trigger(T.Assign, "分派").From(S.Open).To(S.Assigned).By([Roles.Monitor, Actor.SystemRole], AnyUnit)
            .UnitField("unit", "承办单位").Effect<DemoTaskRules>((r, ctx) => r.HandOver(ctx)).End()
        .Trigger(T.Complete, "完成").From(S.Assigned).To(S.Done).By(Roles.Editor, HandlingUnit).NotifyCreator("已完成").End()
        .Build();

    public override string Name => "DemoTasks";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [Definition];
    public override NavEntry Navigation { get; } = new("演示任务", "Science", "/demo-tasks", [Roles.Monitor, Roles.Editor], Order: 90);
    public override string ApiSegment => "demo-tasks";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [new("proof", "完成凭证"), AttachmentPurpose.Other];
    public override IReadOnlyList<ToggleSetting> Toggles { get; } = [new(ToggleSetting, "演示任务 · 完成须附说明", false, "演示用开关。")];

    public override void AddServices(IServiceCollection services) => services.AddSingleton<DemoTaskRules>();

    public override Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct) =>
        Task.FromResult<object?>(new { demoNote = "演示任务的字段" });
}

/// <summary>The demo's rules, resolved by type (the runtime checks at start that they are registered).</summary>
public sealed class DemoTaskRules
{
    public Task HandOver(TriggerContext ctx)
    {
        ctx.HandOver(int.Parse(ctx.Input.Field("unit")!, System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }
}
