using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>The preconditions and effects of 问责措施.</summary>
public sealed class MeasureRules
{
    private static Task<AccountabilityMeasure> MeasureAsync(TriggerContext ctx) =>
        ctx.Db.AccountabilityMeasures.FirstAsync(m => m.InstanceId == ctx.Instance.Id);

    public static async Task<int?> ReplyDaysOf(GovernanceDbContext db, WorkflowInstance instance, CancellationToken ct) =>
        (await db.AccountabilityMeasures.FindAsync([instance.Id], ct))?.ReplyWorkingDays;

    public async Task<Refusal?> CheckReply(TriggerContext ctx) =>
        string.IsNullOrWhiteSpace((await MeasureAsync(ctx)).ReplyText) ? new Refusal("请先填写回复（书面检查或整改情况）。") : null;

    /// <summary>When the unit answered, and whether by its deadline.</summary>
    public async Task RecordReply(TriggerContext ctx)
    {
        var m = await MeasureAsync(ctx);
        var due = await ctx.Db.Deadlines.OpenFor(ctx.Instance.Id).Select(d => (DateTime?)d.DueAtUtc).FirstOrDefaultAsync();
        m.RepliedAtUtc = ctx.NowUtc;
        m.RepliedOnTime = due is null || ctx.NowUtc <= due;
        ctx.JournalData["onTime"] = m.RepliedOnTime == true ? "true" : "false";
    }

    /// <summary>催办: the unit's Editors and UnitReviewers hear at once.</summary>
    public static async Task Chase(TriggerContext ctx)
    {
        var users = new List<string>();
        foreach (var r in new[] { Roles.Editor, Roles.UnitReviewer })
            users.AddRange(await NotificationService.UsersInRole(ctx.Db, r, ctx.Instance.HandlingUnitId).ToListAsync());
        users.Remove(ctx.Actor.UserId);
        var seq = (ctx.Journal.LastOrDefault()?.Seq ?? 0) + 1;
        NotificationService.Add(ctx.Db, users, "chase", $"催办：问责措施「{ctx.Instance.Title}」请按时回复", ctx.Input.Comment,
            MeasureWorkflow.Definition.Link(ctx.Instance.Id), ctx.Instance.Id, $"am:{ctx.Instance.Id}:{seq}:chase", ctx.NowUtc);
        ctx.Notified.AddRange(users);
    }
}
