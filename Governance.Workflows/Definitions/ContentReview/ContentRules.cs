using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Registers;
using Governance.Workflows.Settings;

namespace Governance.Workflows.Definitions.ContentReview;

/// <summary>
/// The preconditions, guards and effects of W2, beside its definition; registered by the module, with the pre-check
/// engine, the Admin-managed rules and the settings as its dependencies.
/// </summary>
public sealed class ContentRules(PreCheckEngine engine, PreCheckRulesProvider rulesProvider, SettingsService settings)
{
    /// <summary>第9条 保密审查机制, 第19条(三) 严把保密关: 保密审查 by a second reviewer, not the one who did 单位审核 (on by default).</summary>
    public const string SecrecyByAnotherReviewerSetting = "W2.SecrecyReviewByAnotherReviewer";

    /// <summary>Personal-data rules a UnitReviewer may let through with a reason (第9条); nothing else can be overridden.</summary>
    public static bool IsOverridable(PreCheckHit hit) => hit.Rule.StartsWith("pii.", StringComparison.Ordinal);

    /// <summary>Runs the machine pre-check on the item as stored.</summary>
    public async Task<PreCheckResult> PreCheckAsync(GovernanceDbContext db, ContentItem c, CancellationToken ct = default)
    {
        var hasInterpretation = !string.IsNullOrWhiteSpace(c.InterpretationRef)
            || await db.Attachments.AnyAsync(a => a.InstanceId == c.InstanceId && a.Purpose == ContentReviewModule.Interpretation, ct);
        return engine.Check(new PreCheckInput(c.Title, c.BodyHtml, c.Category, c.Origin, c.SourceOrg, c.HasMap, c.MapApprovalNo,
            hasInterpretation), await rulesProvider.GetAsync(ct));
    }

    /// <summary>Runs the pre-check on a form being edited (not stored yet).</summary>
    public async Task<PreCheckResult> PreCheckAsync(PreCheckInput input, CancellationToken ct = default) =>
        engine.Check(input, await rulesProvider.GetAsync(ct));

    /// <summary>The text an override is bound to: editing the item after an override voids it.</summary>
    public static string ContentHash(ContentItem c) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Title + "\u001f" + c.BodyHtml)));

    private static Task<ContentItem> ItemAsync(TriggerContext ctx) => ctx.Db.ContentItems.FirstAsync(x => x.InstanceId == ctx.Instance.Id);

    public async Task<Refusal?> CheckBeforeSubmit(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var errors = ContentValidator.Validate(ContentForm.From(c, []));
        if (errors.Count > 0) return new Refusal("内容不完整：" + string.Join("；", errors.Values), errors);
        var result = await PreCheckAsync(ctx.Db, c);
        var blocking = result.Hits.Where(h => h.IsBlocking).ToList();
        if (blocking.Count == 0) return null;
        var hardBlocks = blocking.Where(h => !IsOverridable(h)).ToList();
        if (hardBlocks.Count == 0 && c.PiiOverrideHash == ContentHash(c)) return null;
        var shown = (hardBlocks.Count > 0 ? hardBlocks : blocking).Select(h => $"{h.Message}：{h.Match}").Distinct().Take(5);
        var tail = hardBlocks.Count == 0 ? "（个人信息可经单位审核人记录理由后放行）" : "";
        return new Refusal("机器预审未通过，不能提交：" + string.Join("；", shown) + tail);
    }

    /// <summary>History keeps every revision: the submitted text is stored with its pre-check result.</summary>
    public async Task SnapshotRevision(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var result = await PreCheckAsync(ctx.Db, c);
        var hits = JsonSerializer.Serialize(result.Hits.Select(h => new { h.Rule, h.Severity, h.Match, h.Message }));
        var revision = await ctx.Db.ContentRevisions.FirstOrDefaultAsync(r => r.InstanceId == c.InstanceId && r.RevisionNo == c.RevisionNo);
        if (revision is null)
        {
            revision = new ContentRevision { InstanceId = c.InstanceId, RevisionNo = c.RevisionNo, Title = "", BodyHtml = "", SubmittedByUserId = "" };
            ctx.Db.ContentRevisions.Add(revision);
        }
        revision.Title = c.Title;
        revision.BodyHtml = c.BodyHtml;
        revision.SubmittedAtUtc = ctx.NowUtc;
        revision.SubmittedByUserId = ctx.Actor.UserId;
        revision.PreCheckJson = hits;
        ctx.JournalData["revision"] = c.RevisionNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (c.PiiOverrideHash is not null) ctx.JournalData["piiOverride"] = "true";

        // 第19条(三): the units the item concerns are asked to confirm it.
        var pending = await ctx.Db.InstanceParticipants.Where(p => p.InstanceId == c.InstanceId && p.ConfirmedRevision != c.RevisionNo)
            .Select(p => p.UnitId).ToListAsync();
        foreach (var p in await ctx.Db.InstanceParticipants.Where(p => p.InstanceId == c.InstanceId).ToListAsync())
            p.WaitingForRole = p.ConfirmedRevision == c.RevisionNo ? null : Roles.UnitReviewer; // their 工作台 shows it
        foreach (var unitId in pending)
        {
            var reviewers = await Notifications.NotificationService.UsersInRole(ctx.Db, Roles.UnitReviewer, unitId).ToListAsync();
            Notifications.NotificationService.Add(ctx.Db, reviewers, "assigned", $"待确认：{ctx.Actor.UnitName}拟发布的「{c.Title}」涉及贵单位工作，请核实确认",
                null, ContentReviewWorkflow.Definition.Link(c.InstanceId), c.InstanceId,
                $"confirm:{c.InstanceId}:{c.RevisionNo}:{(ctx.Journal.LastOrDefault()?.Seq ?? 0) + 1}", ctx.NowUtc);
        }
    }

    public async Task<Refusal?> CheckOverride(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var result = await PreCheckAsync(ctx.Db, c);
        var blocking = result.Hits.Where(h => h.IsBlocking).ToList();
        // 第17条: classification marks and commercial links are never let through.
        if (blocking.Any(h => !IsOverridable(h)))
            return new Refusal("涉密标识、外部商业链接等问题不能放行，只有个人信息可经审核人记录理由后放行。");
        if (blocking.Count == 0) return new Refusal("机器预审没有需要放行的个人信息。");
        return null;
    }

    public async Task RecordOverride(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.PiiOverrideHash = ContentHash(c);
        var result = await PreCheckAsync(ctx.Db, c);
        ctx.JournalData["overridden"] = string.Join("、", result.Hits.Where(IsOverridable).Select(h => h.Match).Distinct());
    }

    public async Task<Refusal?> CheckNotYetConfirmed(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var p = await ctx.Db.InstanceParticipants.FirstOrDefaultAsync(x => x.InstanceId == c.InstanceId && x.UnitId == ctx.Actor.UnitId);
        return p?.ConfirmedRevision == c.RevisionNo ? new Refusal("本单位已确认过该版本。") : null;
    }

    public async Task RecordConfirmation(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var p = await ctx.Db.InstanceParticipants.FirstAsync(x => x.InstanceId == c.InstanceId && x.UnitId == ctx.Actor.UnitId);
        p.ConfirmedRevision = c.RevisionNo;
        p.ConfirmedByUserId = ctx.Actor.UserId;
        p.ConfirmedAtUtc = ctx.NowUtc;
        p.WaitingForRole = null;
        ctx.JournalData["confirmedUnit"] = ctx.Actor.UnitName;
    }

    /// <summary>第19条(三): every unit the item concerns has confirmed the current revision.</summary>
    public async Task<Refusal?> CheckConfirmations(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var missing = await ctx.Db.InstanceParticipants.Where(p => p.InstanceId == c.InstanceId && p.ConfirmedRevision != c.RevisionNo)
            .Select(p => p.Unit!.Name).ToListAsync();
        return missing.Count == 0 ? null : new Refusal("以下涉及单位尚未确认，不能发布：" + string.Join("、", missing));
    }

    /// <summary>
    /// Publishing stamps the column's last update (栏目台账, 第13条): an update record with the item's title and its address in
    /// the portal, and the column back to 正常.
    /// </summary>
    public async Task StampPublished(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.PublishedAtUtc = ctx.NowUtc;
        var column = await ctx.Db.Columns.FirstAsync(x => x.Id == c.ColumnId);
        ColumnUpdates.Record(ctx.Db, column, ctx.NowUtc, ContentReviewWorkflow.Definition.Link(ctx.Instance.Id), c.Title, ColumnUpdates.Publish, ctx.Instance.Id, ctx.Actor.UserId, ctx.NowUtc,
            await StalenessPolicy.LoadAsync(settings));
        column.Version++;
        ctx.JournalData["column"] = column.Name;
    }

    public async Task StartCorrection(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.RevisionNo++;
        c.PiiOverrideHash = null;
        ctx.JournalData["revision"] = c.RevisionNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A returned or withdrawn item owes the concerned units nothing until it is submitted again.</summary>
    public static async Task ClearPendingConfirmations(TriggerContext ctx)
    {
        foreach (var p in await ctx.Db.InstanceParticipants.Where(p => p.InstanceId == ctx.Instance.Id && p.WaitingForRole != null).ToListAsync())
            p.WaitingForRole = null;
    }

    /// <summary>第9条 保密审查机制: when the setting is on, 保密审查 is not done by whoever did 单位审核 on this item.</summary>
    public async Task<Refusal?> CheckSecrecyReviewerDistinct(TriggerContext ctx)
    {
        if (!await settings.GetBoolAsync(SecrecyByAnotherReviewerSetting, true)) return null;
        var reviewedLatest = ctx.Journal.LastOrDefault(j => j.Trigger == ContentReviewWorkflow.T.UnitApprove);
        return reviewedLatest?.ActorUserId == ctx.Actor.UserId
            ? new Refusal("保密审查须由未办理本事项单位审核的另一位审核人办理（第9条 保密审查机制，第19条(三) 严把保密关）。")
            : null;
    }
}
