using System.Globalization;
using Governance.Data.Entities;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Figures;
using Governance.Workflows.Notifications;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>The preconditions, guards and effects of W3, with the pre-check, the deadline planner and the day figures as dependencies.</summary>
public sealed class CitizenMessageRules(PreCheckEngine engine, PreCheckRulesProvider rulesProvider, DeadlinePlanner deadlines, DayFigures figures)
{
    private static Task<CitizenMessage> MessageAsync(TriggerContext ctx) =>
        ctx.Db.CitizenMessages.FirstAsync(m => m.InstanceId == ctx.Instance.Id);

    /// <summary>Messages are answered by towns and departments, not by the dispatching centre or the supervising units.</summary>
    public static async Task<Refusal?> CheckAssignee(TriggerContext ctx)
    {
        var unitId = int.Parse(ctx.Input.Field("unit")!, CultureInfo.InvariantCulture);
        var unit = await ctx.Db.Units.AsNoTracking().FirstAsync(u => u.Id == unitId);
        return unit.Kind is UnitKind.Department or UnitKind.Town ? null
            : new Refusal($"“{unit.Name}”不是留言承办单位：请分办给镇街或县政府部门。", new Dictionary<string, string> { ["unit"] = "请选择镇街或部门" });
    }

    /// <summary>分办: the unit receives it today; its 4 working days start from today (not counted).</summary>
    public async Task Assign(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        var unitId = int.Parse(ctx.Input.Field("unit")!, CultureInfo.InvariantCulture);
        ctx.HandOver(unitId);
        m.AssignedAtUtc = ctx.NowUtc;
        m.FirstAssignedAtUtc ??= ctx.NowUtc;
        m.ExtensionRequestedDays = null;
    }

    public async Task ReturnToMonitor(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        m.ReturnCount++;
        m.AssignedAtUtc = null;
        m.ExtensionRequestedDays = null;
        ctx.HandOver(null);
    }

    /// <summary>The reply exists and passes the pre-check: no personal data (第9条), no secret marks, no commercial links.</summary>
    public async Task<Refusal?> CheckReply(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        if (string.IsNullOrWhiteSpace(m.ReplyText)) return new Refusal("请先填写答复内容。");
        var result = engine.Check(new PreCheckInput(null, m.ReplyText), await rulesProvider.GetAsync());
        var blocking = result.Hits.Where(h => h.IsBlocking).Select(h => $"{h.Message}：{h.Match}").Distinct().Take(5).ToList();
        return blocking.Count == 0 ? null : new Refusal("答复未通过机器预审，不能提交：" + string.Join("；", blocking));
    }

    /// <summary>已答复: the time, whether it was within the deadline that applied, and which unit answered (statistics).</summary>
    public async Task RecordReply(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        var due = await ctx.Db.Deadlines.OpenFor(ctx.Instance.Id).Select(d => (DateTime?)d.DueAtUtc).FirstOrDefaultAsync();
        m.RepliedAtUtc = ctx.NowUtc;
        m.ReplyDueAtUtc = due;
        m.RepliedOnTime = due is null || ctx.NowUtc <= due;
        m.RepliedByUnitId = ctx.Instance.HandlingUnitId;
        ctx.JournalData["onTime"] = m.RepliedOnTime == true ? "true" : "false";
        // Settled: its day figures (第19条(五) statistics, the dashboard) are rebuilt with the transition.
        await figures.MessageSettledAsync(ctx.Db, m);
    }

    public async Task<Refusal?> CheckNoPendingExtension(TriggerContext ctx) =>
        (await MessageAsync(ctx)).ExtensionRequestedDays is { } days ? new Refusal($"已申请延期 {days} 个工作日，等待监测员审批。") : null;

    public async Task<Refusal?> CheckPendingExtension(TriggerContext ctx) =>
        (await MessageAsync(ctx)).ExtensionRequestedDays is null ? new Refusal("承办单位没有待审批的延期申请。") : null;

    public async Task RequestExtension(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        m.ExtensionRequestedDays = int.Parse(ctx.Input.Field("days")!, CultureInfo.InvariantCulture);
        await NotifyAsync(ctx, Roles.Monitor, "extension", $"延期申请：网民留言「{ctx.Instance.Title}」申请延期 {m.ExtensionRequestedDays} 个工作日");
    }

    /// <summary>延期: the Monitor chooses N extra working days; the deadline and its reminders move with it.</summary>
    public async Task ApproveExtension(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        var days = int.Parse(ctx.Input.Field("days")!, CultureInfo.InvariantCulture);
        var state = CitizenMessageWorkflow.Definition.State(ctx.Instance.State);
        var due = await deadlines.ExtendAsync(ctx.Db, ctx.Instance.Id, state, days, ctx.NowUtc, default);
        m.ExtensionDays += days;
        m.ExtensionRequestedDays = null;
        ctx.JournalData["dueAt"] = due is { } d ? Calendar.ChinaTime.Iso(d) : null;
        await NotifyAsync(ctx, null, "status",
            $"延期已批准：网民留言「{ctx.Instance.Title}」延长 {days} 个工作日，新的答复时限 {Calendar.ChinaTime.Format(due)}");
    }

    public async Task RefuseExtension(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        m.ExtensionRequestedDays = null;
        await NotifyAsync(ctx, null, "status", $"延期未获批准：网民留言「{ctx.Instance.Title}」请按原时限答复");
    }

    /// <summary>催办: the handling unit's Editors and UnitReviewers are told at once, with the Monitor's words.</summary>
    public static Task Chase(TriggerContext ctx) =>
        NotifyAsync(ctx, null, "chase", $"催办：网民留言「{ctx.Instance.Title}」请抓紧答复");

    /// <summary>无效留言 (final): settled, so its day figures are rebuilt with the transition.</summary>
    public async Task MarkInvalid(TriggerContext ctx)
    {
        var m = await MessageAsync(ctx);
        m.IsInvalid = true;
        await figures.MessageSettledAsync(ctx.Db, m);
    }

    public async Task Close(TriggerContext ctx) => (await MessageAsync(ctx)).ClosedAtUtc = ctx.NowUtc;

    /// <summary>Notifies a role (county-wide) or the unit's Editors and UnitReviewers, once per journal entry.</summary>
    private static async Task NotifyAsync(TriggerContext ctx, string? role, string kind, string title)
    {
        var link = CitizenMessageWorkflow.Definition.Link(ctx.Instance.Id);
        if (role is null)
        {
            await NotificationService.NotifyHandlingUnitAsync(ctx, [Roles.Editor, Roles.UnitReviewer], "w3", kind, title, link);
            return;
        }
        var users = (await NotificationService.UsersInRole(ctx.Db, role, null).ToListAsync()).Where(u => u != ctx.Actor.UserId).ToList();
        var seq = (ctx.Journal.LastOrDefault()?.Seq ?? 0) + 1;
        NotificationService.Add(ctx.Db, users, kind, title, ctx.Input.Comment, link, ctx.Instance.Id, $"w3:{ctx.Instance.Id}:{seq}:{kind}", ctx.NowUtc);
        ctx.Notified.AddRange(users);
    }
}
