using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.Duties;

/// <summary>The regulation's recurring duties as a module: definition, rules, scheduler, daily digest, pages (Features/Duties).</summary>
public sealed class DutiesModule : WorkflowModule
{
    /// <summary>自查记录: the check record, screenshots, the backup log, the training sign-in sheet.</summary>
    public const string Record = "record";

    public override string Name => "Duties";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [DutyWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("定期任务", "EventRepeat", "/duties",
        [Roles.UnitReviewer, Roles.Supervisor, Roles.AccountabilityOfficer, Roles.Monitor, Roles.Observer, Roles.Admin], Order: 60);
    public override string ApiSegment => "duties";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [new(Record, "自查记录"), AttachmentPurpose.Other];

    /// <summary>Hourly: a period's task is created once, the digest once per user and day (both idempotent).</summary>
    public override IReadOnlyList<ModuleJob> Jobs { get; } =
    [
        new("recurring-duties", (sp, ct) => sp.GetRequiredService<DutyScheduler>().RunAsync(ct), "0 * * * *", "Duties:Cron"),
        new("daily-digest", (sp, ct) => sp.GetRequiredService<DailyDigest>().RunAsync(ct), "5 * * * *", "Duties:DigestCron"),
    ];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<DutyRules>();
        services.AddSingleton<DutyScheduler>();
        services.AddSingleton<DailyDigest>();
        services.AddSingleton<DutyService>();
    }
}
