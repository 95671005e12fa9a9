using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.Figures;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>The preconditions and effects of W4, with the deadline planner and the day figures as dependencies.</summary>
public sealed class FindingRules(DeadlinePlanner deadlines, DayFigures figures)
{
    private static Task<Finding> FindingAsync(TriggerContext ctx) => ctx.Db.Findings.FirstAsync(f => f.InstanceId == ctx.Instance.Id);

    /// <summary>The unit's deadline is the finding's own working days (its severity's, or the Monitor's figure).</summary>
    public static async Task<int?> WorkingDaysOf(GovernanceDbContext db, WorkflowInstance instance, CancellationToken ct) =>
        (await db.Findings.FindAsync([instance.Id], ct))?.WorkingDays;

    /// <summary>A report, and evidence: an attachment (截图, PDF) or the URL of the corrected page.</summary>
    public async Task<Refusal?> CheckReport(TriggerContext ctx)
    {
        var f = await FindingAsync(ctx);
        if (string.IsNullOrWhiteSpace(f.Report)) return new Refusal("请先填写整改报告（整改了什么、怎样整改的）。");
        var hasEvidence = !string.IsNullOrWhiteSpace(f.ReportUrl)
                          || await ctx.Db.Attachments.AnyAsync(a => a.InstanceId == ctx.Instance.Id && a.Purpose == RectificationModule.Evidence);
        return hasEvidence ? null : new Refusal("请上传整改佐证材料（截图或 PDF），或填写整改后页面的网址。");
    }

    /// <summary>待核验: when, and the deadline that applied (on time is decided against it at 销号).</summary>
    public async Task RecordSubmission(TriggerContext ctx)
    {
        var f = await FindingAsync(ctx);
        var due = await ctx.Db.Deadlines.OpenFor(ctx.Instance.Id).Select(d => (DateTime?)d.DueAtUtc).FirstOrDefaultAsync();
        f.SubmittedAtUtc = ctx.NowUtc;
        f.DueAtUtc = due;
        ctx.JournalData["onTime"] = due is null || ctx.NowUtc <= due ? "true" : "false";
    }

    /// <summary>已销号: verified; on time when the report that was accepted came in by its deadline.</summary>
    public async Task Close(TriggerContext ctx)
    {
        var f = await FindingAsync(ctx);
        f.ClosedAtUtc = ctx.NowUtc;
        f.RectifiedOnTime = f.DueAtUtc is null || f.SubmittedAtUtc <= f.DueAtUtc;
        ctx.JournalData["onTime"] = f.RectifiedOnTime == true ? "true" : "false";
        // Settled (已销号 is final): its day figures (第21条 按时整改率, the trend) are rebuilt with the transition.
        await figures.FindingSettledAsync(ctx.Db, f);
        await NotifyUnitAsync(ctx, "status", $"整改已核验销号：「{ctx.Instance.Title}」");
    }

    /// <summary>核验不通过: back to 整改中 with the reason; the unit has the finding's working days again from today.</summary>
    public async Task Reject(TriggerContext ctx) => (await FindingAsync(ctx)).RejectCount++;

    /// <summary>延长整改时限: the Monitor gives N more working days; the deadline and its reminders move with it.</summary>
    public async Task Extend(TriggerContext ctx)
    {
        var days = int.Parse(ctx.Input.Field("days")!, CultureInfo.InvariantCulture);
        var state = RectificationWorkflow.Definition.State(ctx.Instance.State);
        var due = await deadlines.ExtendAsync(ctx.Db, ctx.Instance.Id, state, days, ctx.NowUtc, default);
        ctx.JournalData["dueAt"] = due is { } d ? Calendar.ChinaTime.Iso(d) : null;
        await NotifyUnitAsync(ctx, "status", $"整改时限已延长 {days} 个工作日：「{ctx.Instance.Title}」，新的时限 {Calendar.ChinaTime.Format(due)}");
    }

    /// <summary>催办: the unit's Editors and UnitReviewers hear at once, with the words of whoever chased.</summary>
    public static Task Chase(TriggerContext ctx) => NotifyUnitAsync(ctx, "chase", $"催办：整改事项「{ctx.Instance.Title}」请抓紧整改");

    public async Task Cancel(TriggerContext ctx)
    {
        var f = await FindingAsync(ctx);
        f.IsCancelled = true;
        // Settled (已撤销 is final): it leaves the figures of its day.
        await figures.FindingSettledAsync(ctx.Db, f);
        await NotifyUnitAsync(ctx, "status", $"整改事项已撤销：「{ctx.Instance.Title}」");
    }

    private static readonly string[] UnitStaff = [Roles.Editor, Roles.UnitReviewer];

    /// <summary>The handling unit's Editors and UnitReviewers, once per journal entry.</summary>
    private static Task NotifyUnitAsync(TriggerContext ctx, string kind, string title) =>
        NotificationService.NotifyHandlingUnitAsync(ctx, UnitStaff, "w4", kind, title, RectificationWorkflow.Definition.Link(ctx.Instance.Id));
}
