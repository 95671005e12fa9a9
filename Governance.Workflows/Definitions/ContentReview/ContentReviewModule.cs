using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.ContentReview;

/// <summary>W2 信息发布审核 as a module: its definition, rules, pages (Features/ContentReview), attachments and API.</summary>
public sealed class ContentReviewModule : WorkflowModule
{
    /// <summary>解读材料 (第11条): an uploaded interpretation counts for the pre-check of a 政策文件.</summary>
    public const string Interpretation = "interpretation";
    /// <summary>地图 (第10条).</summary>
    public const string Map = "map";

    public override string Name => "ContentReview";
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [ContentReviewWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("信息发布审核", "Article", "/content", Order: 20);
    public override string ApiSegment => "content";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } =
        [new(Interpretation, "解读材料"), new(Map, "地图"), AttachmentPurpose.Other];

    public override IReadOnlyList<ToggleSetting> Toggles { get; } =
    [
        new(ContentRules.SecrecyByAnotherReviewerSetting, "信息发布审核 · 保密审查须由另一位审核人办理", true,
            "开启后，办理单位审核的人员不能再办理同一事项的保密审查（第9条 保密审查机制，第19条(三)）。"),
    ];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ContentRules>();
        services.AddSingleton<ContentService>();
    }

    public override async Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct)
    {
        var fields = await services.GetRequiredService<ContentService>().FieldsAsync(item, ct);
        var c = fields.Item;
        return new
        {
            column = fields.ColumnName, category = c.Category, origin = c.Origin, sourceOrg = c.SourceOrg, revision = c.RevisionNo,
            bodyHtml = c.BodyHtml, publishedAt = c.PublishedAtUtc is { } p ? Calendar.ChinaTime.Iso(p) : null,
            precheckBlocking = fields.PreCheck.Blocking,
        };
    }
}
