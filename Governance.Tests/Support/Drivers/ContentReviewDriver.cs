using Governance.Data;
using Governance.Workflows.Definitions.ContentReview;
using Microsoft.EntityFrameworkCore;
using W2 = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow;

namespace Governance.Tests.Support.Drivers;

/// <summary>W2 in tests: a valid form for a unit's column, drafts, the five checks, and the path to 待发布.</summary>
public sealed class ContentReviewDriver : IWorkflowTestDriver
{
    public string DefinitionKey => W2.Key;

    public async Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId)
    {
        var c = await db.ContentItems.AsNoTracking().SingleAsync(x => x.InstanceId == instanceId);
        var revisions = await db.ContentRevisions.CountAsync(r => r.InstanceId == instanceId);
        return $"rev={c.RevisionNo}/{revisions} override={c.PiiOverrideHash} published={c.PublishedAtUtc} title={c.Title}";
    }

    /// <summary>The five checks of 单位审核 (第19条(三)), all ticked.</summary>
    public static Dictionary<string, string?> FiveChecks() => W2.FiveChecks.ToDictionary(c => c.Name, _ => (string?)"true");
}

public static class ContentReviewHostExtensions
{
    public static ContentService Content(this WorkflowTestHost host) => host.Get<ContentService>();

    public static async Task<int> ColumnIdAsync(this WorkflowTestHost host, string unit = "县教育局", string name = "工作动态")
    {
        await using var db = host.NewDbContext();
        var unitId = await host.UnitIdAsync(unit);
        return await db.Columns.Where(c => c.UnitId == unitId && c.Name == name).Select(c => c.Id).SingleAsync();
    }

    public static async Task<ContentForm> ContentFormAsync(this WorkflowTestHost host, string body = "<p>县教育局召开2026年春季开学工作会议。</p>") => new()
    {
        ColumnId = await host.ColumnIdAsync(), Title = "县教育局召开春季开学工作会议", BodyHtml = body, Category = "动态要闻", Origin = "原创",
    };

    /// <summary>A W2 draft by <paramref name="editor"/>; returns (id, version).</summary>
    public static async Task<(long Id, int Version)> ContentDraftAsync(this WorkflowTestHost host, ContentForm? form = null, string editor = "editor")
    {
        var created = await host.Content().CreateAsync(await host.ActorAsync(editor), form ?? await host.ContentFormAsync());
        if (!created.Succeeded) throw new InvalidOperationException("create failed: " + created.Message);
        return (created.InstanceId!.Value, 1);
    }

    /// <summary>提交 → 单位审核通过 (reviewer) → 保密审查通过 (secrecy, a second reviewer): 待发布. Returns the version.</summary>
    public static Task<int> ToReadyToPublishAsync(this WorkflowTestHost host, long id, int version, string editor = "editor") =>
        host.DriveAsync(id, version,
            (W2.T.Submit, editor, null, null),
            (W2.T.UnitApprove, "reviewer", null, ContentReviewDriver.FiveChecks()),
            (W2.T.SecrecyApprove, "secrecy", null, new Dictionary<string, string?> { ["statement"] = "经审查不涉密，同意公开。" }));
}
