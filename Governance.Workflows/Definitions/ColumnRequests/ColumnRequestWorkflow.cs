using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.ColumnRequests;

/// <summary>
/// W1 专题专栏开设申请 (第7条: units do not open websites of their own; for a major activity or special task they request a
/// special column on the county portal, approved by 县行政审批服务局).
/// </summary>
public static class ColumnRequestWorkflow
{
    public const string Key = "W1";

    public static class S
    {
        public const string Draft = "Draft";
        public const string UnitReview = "UnitReview";
        public const string BureauReview = "BureauReview";
        public const string Setup = "Setup";
        public const string Active = "Active";
        public const string ChangeReview = "ChangeReview";
        public const string Returned = "Returned";
        public const string Withdrawn = "Withdrawn";
        public const string Rejected = "Rejected";
        public const string Archived = "Archived";
    }

    public static class T
    {
        public const string Submit = "Submit";
        public const string UnitApprove = "UnitApprove";
        public const string UnitReturn = "UnitReturn";
        public const string BureauApprove = "BureauApprove";
        public const string BureauReturn = "BureauReturn";
        public const string Reject = "Reject";
        public const string Withdraw = "Withdraw";
        public const string CompleteSetup = "CompleteSetup";
        public const string RequestChange = "RequestChange";
        public const string ApproveAdjust = "ApproveAdjust";
        public const string ApproveClose = "ApproveClose";
        public const string RefuseChange = "RefuseChange";
    }

    public static class SettingKeys
    {
        public const string UnitReviewDays = "W1.UnitReviewWorkingDays";
        public const string BureauReviewDays = "W1.BureauReviewWorkingDays";
        public const string SetupDays = "W1.SetupWorkingDays";
        public const string ChangeReviewDays = "W1.ChangeReviewWorkingDays";
    }

    private static DeadlineRule Deadline(string key, int days) =>
        new(key, days, ReminderLevels.Before | ReminderLevels.Escalation, [Roles.Supervisor]);

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build() => new WorkflowBuilder(Key, 1, "专题专栏开设申请", "ZL", "/column-requests/{0}")
        //     state            display   who acts next         scope     deadline (working days, a setting)
        .State(S.Draft,         "草稿",     Roles.Editor,         OwnerUnit, editable: true, initial: true)
        .State(S.UnitReview,    "单位审核", Roles.UnitReviewer,   OwnerUnit, Deadline(SettingKeys.UnitReviewDays, 2))
        .State(S.BureauReview,  "审批",     Roles.Supervisor,     AnyUnit,   Deadline(SettingKeys.BureauReviewDays, 5))
        .State(S.Setup,         "开通",     Roles.Monitor,        AnyUnit,   Deadline(SettingKeys.SetupDays, 3))
        .State(S.Active,        "运行",     tone: StateTone.Success)
        .State(S.ChangeReview,  "调整/关停申请", Roles.Supervisor, AnyUnit,  Deadline(SettingKeys.ChangeReviewDays, 5))
        .State(S.Returned,      "退回修改", Roles.Editor,         OwnerUnit, editable: true, tone: StateTone.Warning)
        .State(S.Withdrawn,     "已撤回",   final: true, tone: StateTone.Danger)
        .State(S.Rejected,      "已驳回",   final: true, tone: StateTone.Danger)
        .State(S.Archived,      "已归档",   final: true)

        .Trigger(T.Submit, "提交").From(S.Draft, S.Returned).To(S.UnitReview).By(Roles.Editor, OwnerUnit)
            .Precondition(ColumnRequestRules.CheckComplete).End()
        // 审核与申请分离 (第19条(三)): the reviewer is neither the applicant who drafted it nor whoever submitted it.
        .Trigger(T.UnitApprove, "审核通过").From(S.UnitReview).To(S.BureauReview).By(Roles.UnitReviewer, OwnerUnit)
            .NotBySameActorAs(WorkflowRuntime.CreateTrigger, T.Submit).End()
        .Trigger(T.UnitReturn, "退回修改").From(S.UnitReview).To(S.Returned).By(Roles.UnitReviewer, OwnerUnit)
            .RequiresComment().Style(ActionStyle.Secondary).NotifyCreator("已被单位审核退回修改").End()
        // 第7条: 报经县行政审批服务局同意.
        .Trigger(T.BureauApprove, "批准开设").From(S.BureauReview).To(S.Setup).By(Roles.Supervisor, AnyUnit)
            .NotifyCreator("已获县行政审批服务局批准，等待开通").End()
        .Trigger(T.BureauReturn, "退回修改").From(S.BureauReview).To(S.Returned).By(Roles.Supervisor, AnyUnit)
            .RequiresComment().Style(ActionStyle.Secondary).NotifyCreator("已被审批退回修改").End()
        .Trigger(T.Reject, "驳回").From(S.BureauReview).To(S.Rejected).By(Roles.Supervisor, AnyUnit)
            .RequiresComment().Style(ActionStyle.Danger).NotifyCreator("已被驳回").End()
        .Trigger(T.Withdraw, "撤回申请").From(S.Draft, S.Returned, S.UnitReview, S.BureauReview).To(S.Withdrawn)
            .By(Roles.Editor, OwnerUnit).Style(ActionStyle.Danger).End()
        .Trigger(T.CompleteSetup, "开通完成").From(S.Setup).To(S.Active).By(Roles.Monitor, AnyUnit)
            .Field("url", "栏目地址（URL）", hint: "例如 http://www.fufeng.gov.cn/zt/xxx/")
            .Guard(ColumnRequestRules.CheckSetupUrl).Effect(ColumnRequestRules.OpenColumn)
            .NotifyCreator("已开通运行，栏目已进入栏目台账").End()
        .Trigger(T.RequestChange, "申请调整/关停").From(S.Active).To(S.ChangeReview).By(Roles.Editor, OwnerUnit)
            .RequiresComment().Style(ActionStyle.Secondary).End()
        .Trigger(T.ApproveAdjust, "同意调整").From(S.ChangeReview).To(S.Active).By(Roles.Supervisor, AnyUnit)
            .NotifyCreator("调整申请已同意").End()
        .Trigger(T.ApproveClose, "同意关停").From(S.ChangeReview).To(S.Archived).By(Roles.Supervisor, AnyUnit)
            .Style(ActionStyle.Danger).Effect(ColumnRequestRules.CloseColumn).NotifyCreator("关停申请已同意，栏目已归档").End()
        .Trigger(T.RefuseChange, "不同意").From(S.ChangeReview).To(S.Active).By(Roles.Supervisor, AnyUnit)
            .RequiresComment().Style(ActionStyle.Secondary).NotifyCreator("调整/关停申请未获同意").End()
        .Build();
}

/// <summary>The guards and effects of W1, kept beside the definition.</summary>
internal static class ColumnRequestRules
{
    public static async Task<Refusal?> CheckComplete(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == ctx.Instance.Id);
        if (r is null) return new Refusal("申请内容不存在。");
        var errors = ColumnRequestValidator.Validate(ColumnRequestForm.From(r));
        return errors.Count == 0 ? null : new Refusal("申请内容不完整：" + string.Join("；", errors.Values), errors);
    }

    public static Task<Refusal?> CheckSetupUrl(TriggerContext ctx)
    {
        var url = ctx.Input.Field("url")?.Trim();
        return Task.FromResult(ColumnRequestValidator.IsHttpUrl(url) ? null
            : new Refusal("栏目地址须为以 http:// 或 https:// 开头的完整网址。", new Dictionary<string, string> { ["url"] = "网址格式不正确" }));
    }

    /// <summary>开通: the column enters the column register (栏目台账, 第10条, 第13条).</summary>
    public static async Task OpenColumn(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.FirstAsync(x => x.InstanceId == ctx.Instance.Id);
        var url = ctx.Input.Field("url")!.Trim();
        r.SetupUrl = url;
        // Under the portal's 专题专栏 heading when there is one; the committed 更新频率 is the column's window (第19条(二)).
        var heading = await ctx.Db.Columns.Where(c => c.ParentId == null && c.IsActive && c.Name == ColumnCategories.Special
            && c.Category == ColumnCategories.Navigation).Select(c => new { c.Id, c.Path }).FirstOrDefaultAsync();
        var column = new Column
        {
            Name = r.ColumnName, ParentId = heading?.Id, Path = heading is null ? r.ColumnName : heading.Path + ColumnValidator.PathSeparator + r.ColumnName,
            UnitId = r.UnitId, Category = ColumnCategories.Special, Url = url, ResponsiblePerson = r.ResponsiblePerson, StaffA = r.StaffA,
            StaffB = r.StaffB, CommittedCadenceDays = Cadences.Days(r.UpdateCadence), IsSpecial = true, SourceInstanceId = r.InstanceId,
            StartDate = r.StartDate, EndDate = r.EndDate, CreatedAtUtc = ctx.NowUtc, StatusChangedAtUtc = ctx.NowUtc, IsActive = true, Version = 1,
        };
        ctx.Db.Columns.Add(column);
        await ctx.Db.SaveChangesAsync();
        r.ColumnId = column.Id;
        ctx.JournalData["url"] = url;
    }

    public static async Task CloseColumn(TriggerContext ctx)
    {
        var r = await ctx.Db.ColumnRequests.FirstAsync(x => x.InstanceId == ctx.Instance.Id);
        if (r.ColumnId is { } id && await ctx.Db.Columns.FindAsync(id) is { } column) column.IsActive = false;
    }
}
