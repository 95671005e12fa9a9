using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>W4 整改跟踪 as a module: definition, rules, findings service, campaigns and import, pages (Features/Rectification), API.</summary>
public sealed class RectificationModule : WorkflowModule
{
    /// <summary>问题截图: what the Monitor found (screenshots, the inspection report).</summary>
    public const string Problem = "problem";
    /// <summary>整改佐证: the unit's evidence (screenshots, PDF) that the problem is fixed.</summary>
    public const string Evidence = "evidence";

    public override string Name => "Rectification";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [RectificationWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("整改跟踪", "FactCheck", "/findings", Order: 40);
    public override string ApiSegment => "findings";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } =
        [new(Evidence, "整改佐证"), new(Problem, "问题截图"), AttachmentPurpose.Other];

    /// <summary>The 严重 and 单项否决 deadlines (一般 is the state's own setting).</summary>
    public override IReadOnlyList<DaysSetting> DeadlineSettings { get; } =
    [
        new(RectificationWorkflow.SettingKeys.SeriousDays, "整改时限（严重问题）", 2),
        new(RectificationWorkflow.SettingKeys.VetoDays, "整改时限（单项否决问题）", 1),
    ];

    /// <summary>第20条(一): the quarterly inspection reminder, daily at 09:05 China time, once per quarter and user.</summary>
    public override IReadOnlyList<ModuleJob> Jobs { get; } =
    [
        new(QuarterlyInspectionReminder.JobId, (sp, ct) => sp.GetRequiredService<QuarterlyInspectionReminder>().RunAsync(ct),
            QuarterlyInspectionReminder.Cron, QuarterlyInspectionReminder.CronConfigKey),
    ];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<FindingRules>();
        // A new job object per run.
        services.AddTransient<QuarterlyInspectionReminder>();
        services.AddSingleton<FindingService>();
        services.AddSingleton<FindingImport>();
    }

    public override async Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct)
    {
        var fields = await services.GetRequiredService<FindingService>().FieldsAsync(item, actor, ct);
        if (fields is null) return null;
        var f = fields.Finding;
        return new
        {
            source = f.Source, category = f.Category, severity = FindingSeverities.Name(f.Severity), description = f.Description, url = f.Url,
            column = fields.ColumnPath, campaign = fields.CampaignName, workingDays = f.WorkingDays, foundAt = Calendar.ChinaTime.Iso(f.FoundAtUtc),
            isRepeat = f.IsRepeat, repeatOf = fields.RepeatOfNumber, report = f.Report, reportUrl = f.ReportUrl,
            submittedAt = f.SubmittedAtUtc is { } s ? Calendar.ChinaTime.Iso(s) : null, rejectCount = f.RejectCount,
            closedAt = f.ClosedAtUtc is { } c ? Calendar.ChinaTime.Iso(c) : null, rectifiedOnTime = f.RectifiedOnTime,
        };
    }
}
