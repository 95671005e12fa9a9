using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Workflows.Definitions.ContentReview;

/// <summary>The guards and effects of W2, beside its definition.</summary>
public static class ContentRules
{
    /// <summary>Personal-data rules a UnitReviewer may let through with a reason (第9条); nothing else can be overridden.</summary>
    public static bool IsOverridable(PreCheckHit hit) => hit.Rule.StartsWith("pii.", StringComparison.Ordinal);

    /// <summary>Runs the machine pre-check on the item as stored.</summary>
    public static async Task<PreCheckResult> PreCheckAsync(GovernanceDbContext db, IServiceProvider services, ContentItem c, CancellationToken ct = default)
    {
        var hasInterpretation = !string.IsNullOrWhiteSpace(c.InterpretationRef)
            || await db.Attachments.AnyAsync(a => a.InstanceId == c.InstanceId && a.Purpose == "interpretation", ct);
        var engine = services.GetService<PreCheckEngine>() ?? PreCheckEngine.Default;
        var rules = await RulesAsync(services, ct);
        return engine.Check(new PreCheckInput(c.Title, c.BodyHtml, c.Category, c.Origin, c.SourceOrg, c.HasMap, c.MapApprovalNo,
            hasInterpretation), rules);
    }

    /// <summary>The Admin-managed dictionary, allow-list and approved sources.</summary>
    public static async Task<PreCheckRuleSet> RulesAsync(IServiceProvider services, CancellationToken ct = default) =>
        services.GetService<PreCheckRulesProvider>() is { } provider ? await provider.GetAsync(ct) : PreCheckRuleSet.Default;

    /// <summary>The text an override is bound to: editing the item after an override voids it.</summary>
    public static string ContentHash(ContentItem c) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Title + "\u001f" + c.BodyHtml)));

    private static Task<ContentItem> ItemAsync(TriggerContext ctx) => ctx.Db.ContentItems.FirstAsync(x => x.InstanceId == ctx.Instance.Id);

    public static async Task<Refusal?> CheckBeforeSubmit(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var errors = ContentValidator.Validate(ContentForm.From(c, []));
        if (errors.Count > 0) return new Refusal("内容不完整：" + string.Join("；", errors.Values), errors);
        var result = await PreCheckAsync(ctx.Db, ctx.Services, c);
        var blocking = result.Hits.Where(h => h.IsBlocking).ToList();
        if (blocking.Count == 0) return null;
        var hardBlocks = blocking.Where(h => !IsOverridable(h)).ToList();
        if (hardBlocks.Count == 0 && c.PiiOverrideHash == ContentHash(c)) return null;
        var shown = (hardBlocks.Count > 0 ? hardBlocks : blocking).Select(h => $"{h.Message}：{h.Match}").Distinct().Take(5);
        var tail = hardBlocks.Count == 0 ? "（个人信息可经单位审核人记录理由后放行）" : "";
        return new Refusal("机器预审未通过，不能提交：" + string.Join("；", shown) + tail);
    }

    /// <summary>History keeps every revision: the submitted text is stored with its pre-check result.</summary>
    public static async Task SnapshotRevision(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var result = await PreCheckAsync(ctx.Db, ctx.Services, c);
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
        foreach (var unitId in pending)
        {
            var reviewers = await Notifications.NotificationService.UsersInRole(ctx.Db, Roles.UnitReviewer, unitId).ToListAsync();
            Notifications.NotificationService.Add(ctx.Db, reviewers, "assigned", $"待确认：{ctx.Actor.UnitName}拟发布的「{c.Title}」涉及贵单位工作，请核实确认",
                null, ContentReviewWorkflow.Definition.Link(c.InstanceId), c.InstanceId,
                $"confirm:{c.InstanceId}:{c.RevisionNo}:{ctx.NowUtc.Ticks}", ctx.NowUtc);
        }
    }

    public static async Task<Refusal?> CheckOverride(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var result = await PreCheckAsync(ctx.Db, ctx.Services, c);
        var blocking = result.Hits.Where(h => h.IsBlocking).ToList();
        // 第17条: classification marks and commercial links are never let through.
        if (blocking.Any(h => !IsOverridable(h)))
            return new Refusal("涉密标识、外部商业链接等问题不能放行，只有个人信息可经审核人记录理由后放行。");
        if (blocking.Count == 0) return new Refusal("机器预审没有需要放行的个人信息。");
        return null;
    }

    public static async Task RecordOverride(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.PiiOverrideHash = ContentHash(c);
        var result = await PreCheckAsync(ctx.Db, ctx.Services, c);
        ctx.JournalData["overridden"] = string.Join("、", result.Hits.Where(IsOverridable).Select(h => h.Match).Distinct());
    }

    public static async Task<Refusal?> CheckNotYetConfirmed(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var p = await ctx.Db.InstanceParticipants.FirstOrDefaultAsync(x => x.InstanceId == c.InstanceId && x.UnitId == ctx.Actor.UnitId);
        return p?.ConfirmedRevision == c.RevisionNo ? new Refusal("本单位已确认过该版本。") : null;
    }

    public static async Task RecordConfirmation(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var p = await ctx.Db.InstanceParticipants.FirstAsync(x => x.InstanceId == c.InstanceId && x.UnitId == ctx.Actor.UnitId);
        p.ConfirmedRevision = c.RevisionNo;
        p.ConfirmedByUserId = ctx.Actor.UserId;
        p.ConfirmedAtUtc = ctx.NowUtc;
        ctx.JournalData["confirmedUnit"] = ctx.Actor.UnitName;
    }

    /// <summary>第19条(三): every unit the item concerns has confirmed the current revision.</summary>
    public static async Task<Refusal?> CheckConfirmations(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        var missing = await ctx.Db.InstanceParticipants.Where(p => p.InstanceId == c.InstanceId && p.ConfirmedRevision != c.RevisionNo)
            .Select(p => p.Unit!.Name).ToListAsync();
        return missing.Count == 0 ? null : new Refusal("以下涉及单位尚未确认，不能发布：" + string.Join("、", missing));
    }

    /// <summary>Publishing stamps the column's last update (栏目台账, 第13条).</summary>
    public static async Task StampPublished(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.PublishedAtUtc = ctx.NowUtc;
        var column = await ctx.Db.Columns.FirstAsync(x => x.Id == c.ColumnId);
        column.LastUpdatedAtUtc = ctx.NowUtc;
        ctx.JournalData["column"] = column.Name;
    }

    public static async Task StartCorrection(TriggerContext ctx)
    {
        var c = await ItemAsync(ctx);
        c.RevisionNo++;
        c.PiiOverrideHash = null;
        ctx.JournalData["revision"] = c.RevisionNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
