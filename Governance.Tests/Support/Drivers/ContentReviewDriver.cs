using Governance.Data;
using Governance.Workflows.Definitions.ContentReview;
using Microsoft.EntityFrameworkCore;
using W2 = Governance.Workflows.Definitions.ContentReview.ContentReviewWorkflow;

namespace Governance.Tests.Support.Drivers;

/// <summary>W2 in tests: a clean form for a unit's column, drafts, and the legitimate path to each state, on the generic host.</summary>
public sealed class ContentReviewDriver : IWorkflowTestDriver
{
    public string DefinitionKey => W2.Key;

    public async Task<string> SnapshotAsync(GovernanceDbContext db, long instanceId)
    {
        var c = await db.ContentItems.AsNoTracking().SingleOrDefaultAsync(x => x.InstanceId == instanceId);
        var revisions = await db.ContentRevisions.CountAsync(r => r.InstanceId == instanceId);
        return $"rev={c?.RevisionNo} published={c?.PublishedAtUtc:O} override={c?.PiiOverrideHash} title={c?.Title} revisions={revisions}";
    }

    /// <summary>The five ticks of 单位审核 (第19条(三)), all given.</summary>
    public static Dictionary<string, string?> FiveChecks() => W2.FiveChecks.ToDictionary(c => c.Name, _ => (string?)"true");

    public static Dictionary<string, string?> Statement(string text = "经审查，该信息不涉及国家秘密、工作秘密和个人隐私，同意公开。") =>
        new() { ["statement"] = text };
}

/// <summary>The W2 steps of the generic host: <c>host.DriveW2Async(state)</c>.</summary>
public static class ContentReviewHostExtensions
{
    public static ContentService Contents(this WorkflowTestHost host) => host.Get<ContentService>();

    public static async Task<int> ColumnIdAsync(this WorkflowTestHost host, string unit = "县教育局", string name = "工作动态")
    {
        await using var db = host.NewDbContext();
        var unitId = await host.UnitIdAsync(unit);
        return await db.Columns.Where(c => c.UnitId == unitId && c.Name == name).Select(c => c.Id).SingleAsync();
    }

    /// <summary>A draft W2 item created by <paramref name="editor"/> in their unit's 工作动态 column; returns (instance id, version).</summary>
    public static async Task<(long Id, int Version)> CreateW2DraftAsync(this WorkflowTestHost host, string editor = "editor",
        string unit = "县教育局", string? title = null, string body = "<p>县教育局召开2026年春季开学工作会议。</p>")
    {
        var form = new ContentForm
        {
            ColumnId = await host.ColumnIdAsync(unit), Title = title ?? "春季开学工作会议" + Guid.NewGuid().ToString("N")[..6],
            BodyHtml = body, Category = "动态要闻", Origin = "原创",
        };
        var created = await host.Contents().CreateAsync(await host.ActorAsync(editor), form);
        if (!created.Succeeded) throw new InvalidOperationException("create failed: " + created.Message);
        var instance = await host.InstanceAsync(created.InstanceId!.Value);
        return (instance.Id, instance.Version);
    }

    /// <summary>
    /// A W2 item driven into <paramref name="state"/> by legitimate fires: the author <paramref name="editor"/>, the
    /// unit's <paramref name="reviewer"/> (单位审核), <paramref name="secrecy"/> (保密审查) and <paramref name="publisher"/>.
    /// </summary>
    public static async Task<(long Id, int Version)> DriveW2Async(this WorkflowTestHost host, string state, string editor = "editor",
        string reviewer = "reviewer", string secrecy = "secrecy", string publisher = "publisher", string unit = "县教育局")
    {
        var (id, v) = await host.CreateW2DraftAsync(editor, unit);
        var submit = (W2.T.Submit, editor, (string?)null, (IReadOnlyDictionary<string, string?>?)null);
        var approve = (W2.T.UnitApprove, reviewer, (string?)null, (IReadOnlyDictionary<string, string?>?)ContentReviewDriver.FiveChecks());
        var secrecyOk = (W2.T.SecrecyApprove, secrecy, (string?)null, (IReadOnlyDictionary<string, string?>?)ContentReviewDriver.Statement());
        var publish = (W2.T.Publish, publisher, (string?)null, (IReadOnlyDictionary<string, string?>?)null);
        v = state switch
        {
            W2.S.Draft => v,
            W2.S.UnitReview => await host.DriveAsync(id, v, submit),
            W2.S.SecrecyReview => await host.DriveAsync(id, v, submit, approve),
            W2.S.ReadyToPublish => await host.DriveAsync(id, v, submit, approve, secrecyOk),
            W2.S.Published => await host.DriveAsync(id, v, submit, approve, secrecyOk, publish),
            W2.S.Returned => await host.DriveAsync(id, v, submit, (W2.T.UnitReturn, reviewer, "请核实会议时间", null)),
            W2.S.Retracted => await host.DriveAsync(id, v, submit, approve, secrecyOk, publish, (W2.T.Retract, publisher, "信息已过时", null)),
            W2.S.Withdrawn => await host.DriveAsync(id, v, (W2.T.Withdraw, editor, null, null)),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no path to this state"),
        };
        return (id, v);
    }
}

/// <summary>W2 steps the rules tests use: a form for the editor's column, a draft, and the path to 待发布.</summary>
public static class ContentReviewTestSteps
{
    public static async Task<ContentForm> ContentFormAsync(this WorkflowTestHost host, string body = "<p>县教育局召开2026年春季开学工作会议。</p>") => new()
    {
        ColumnId = await host.ColumnIdAsync(), Title = "县教育局召开春季开学工作会议", BodyHtml = body, Category = "动态要闻", Origin = "原创",
    };

    /// <summary>A W2 draft of <paramref name="form"/> by <paramref name="editor"/>; returns (id, version).</summary>
    public static async Task<(long Id, int Version)> ContentDraftAsync(this WorkflowTestHost host, ContentForm? form = null, string editor = "editor")
    {
        var created = await host.Contents().CreateAsync(await host.ActorAsync(editor), form ?? await host.ContentFormAsync());
        if (!created.Succeeded) throw new InvalidOperationException("create failed: " + created.Message);
        return (created.InstanceId!.Value, 1);
    }

    /// <summary>提交 → 单位审核通过 (reviewer) → 保密审查通过 (secrecy, a second reviewer): 待发布. Returns the version.</summary>
    public static Task<int> ToReadyToPublishAsync(this WorkflowTestHost host, long id, int version, string editor = "editor") =>
        host.DriveAsync(id, version,
            (ContentReviewWorkflow.T.Submit, editor, null, null),
            (ContentReviewWorkflow.T.UnitApprove, "reviewer", null, ContentReviewDriver.FiveChecks()),
            (ContentReviewWorkflow.T.SecrecyApprove, "secrecy", null, ContentReviewDriver.Statement("经审查不涉密，同意公开。")));
}
