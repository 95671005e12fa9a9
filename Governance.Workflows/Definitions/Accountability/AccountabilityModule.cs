using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>问责措施 as a module: definition, rules, service, pages (Features/Accountability), API.</summary>
public sealed class AccountabilityModule : WorkflowModule
{
    /// <summary>措施文书: the notice, the interview record, the unit's written self-examination.</summary>
    public const string Document = "document";

    public override string Name => "Accountability";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [MeasureWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("问责措施", "Gavel", "/measures", Order: 50);
    public override string ApiSegment => "measures";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [new(Document, "措施文书"), AttachmentPurpose.Other];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<MeasureRules>();
        services.AddSingleton<MeasureService>();
        // The officers' dashboard and the units' pages (a reader, no workflow), and its card on the county roles' 工作台.
        services.AddSingleton<AccountabilityDashboard>();
        services.AddSingleton<IInboxCardSource>(sp => sp.GetRequiredService<AccountabilityDashboard>());
    }

    public override async Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct)
    {
        var fields = await services.GetRequiredService<MeasureService>().FieldsAsync(item, ct);
        if (fields is null) return null;
        var m = fields.Measure;
        return new
        {
            unit = fields.UnitName, kind = m.Kind, date = m.MeasureDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            reason = m.Reason, needsReply = m.NeedsReply, replyWorkingDays = m.ReplyWorkingDays, reply = m.ReplyText,
            repliedAt = m.RepliedAtUtc is { } r ? Calendar.ChinaTime.Iso(r) : null, repliedOnTime = m.RepliedOnTime,
            links = fields.Links.Select(l => new { id = l.Id, number = l.Number, kind = l.Kind }),
        };
    }
}
