using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>W3 网民留言办理 as a module: definition, rules, service, statistics, pages (Features/CitizenMessages), API.</summary>
public sealed class CitizenMessagesModule : WorkflowModule
{
    /// <summary>答复附件: material the unit attaches to its reply.</summary>
    public const string ReplyAttachment = "reply";

    public override string Name => "CitizenMessages";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [CitizenMessageWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("网民留言办理", "Forum", "/messages", Order: 30);
    public override string ApiSegment => "messages";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [new(ReplyAttachment, "答复附件"), AttachmentPurpose.Other];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<CitizenMessageRules>();
        services.AddSingleton<CitizenMessageService>();
        services.AddSingleton<MessageStatistics>();
        services.AddSingleton<MessageImport>();
    }

    public override async Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct)
    {
        var fields = await services.GetRequiredService<CitizenMessageService>().FieldsAsync(item, actor, ct);
        if (fields is null) return null;
        var m = fields.Message;
        return new
        {
            sourceRef = m.SourceRef, channel = m.Channel, category = m.Category, content = m.Content,
            citizenName = m.CitizenName, citizenPhone = m.CitizenPhone, citizenEmail = m.CitizenEmail,
            receivedAt = Calendar.ChinaTime.Iso(m.ReceivedAtUtc), reply = m.ReplyText,
            repliedAt = m.RepliedAtUtc is { } r ? Calendar.ChinaTime.Iso(r) : null, repliedOnTime = m.RepliedOnTime,
            extensionDays = m.ExtensionDays, returnCount = m.ReturnCount,
        };
    }
}
