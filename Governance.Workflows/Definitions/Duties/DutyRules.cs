using System.Globalization;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Duties;

/// <summary>The preconditions, guards and effects of the recurring duties.</summary>
public sealed class DutyRules
{
    /// <summary>A self-check is evidenced: at least one attachment (the check record, screenshots, the backup log).</summary>
    public async Task<Refusal?> CheckEvidence(TriggerContext ctx) =>
        await ctx.Db.Attachments.AnyAsync(a => a.InstanceId == ctx.Instance.Id) ? null
            : new Refusal("请先上传自查记录或佐证材料（截图、检测报告、备份记录等）。");

    public static Task<Refusal?> CheckTrainingDate(TriggerContext ctx)
    {
        var text = ctx.Input.Field("date")?.Trim();
        var ok = DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                 && date <= Calendar.ChinaTime.Date(ctx.NowUtc) && date.Year >= Calendar.ChinaTime.Date(ctx.NowUtc).Year - 1;
        return Task.FromResult(ok ? null
            : new Refusal("培训日期须为不晚于今天的日期，格式如 2026-09-15。", new Dictionary<string, string> { ["date"] = "日期格式不正确" }));
    }

    public async Task Complete(TriggerContext ctx) =>
        (await ctx.Db.DutyTasks.FirstAsync(t => t.InstanceId == ctx.Instance.Id)).CompletedAtUtc = ctx.NowUtc;

    /// <summary>催办: the unit's UnitReviewers hear at once.</summary>
    public static async Task Chase(TriggerContext ctx)
    {
        var users = await NotificationService.UsersInRole(ctx.Db, Roles.UnitReviewer, ctx.Instance.HandlingUnitId).ToListAsync();
        users.Remove(ctx.Actor.UserId);
        var seq = (ctx.Journal.LastOrDefault()?.Seq ?? 0) + 1;
        NotificationService.Add(ctx.Db, users, "chase", $"催办：定期任务「{ctx.Instance.Title}」请按时完成", ctx.Input.Comment,
            DutyWorkflow.Definition.Link(ctx.Instance.Id), ctx.Instance.Id, $"du:{ctx.Instance.Id}:{seq}:chase", ctx.NowUtc);
        ctx.Notified.AddRange(users);
    }
}
