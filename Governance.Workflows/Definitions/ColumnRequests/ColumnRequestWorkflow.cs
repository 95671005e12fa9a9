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
        /// <summary>到期待处理 (v2): a special column past its planned end date, waiting for its unit to extend or close it.</summary>
        public const string Expiring = "Expiring";
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
        /// <summary>v2: the daily sweep, once per planned end date that has passed.</summary>
        public const string Expire = "Expire";
        public const string RequestExtension = "RequestExtension";
        public const string RequestClose = "RequestClose";
    }

    /// <summary>The fields a change request (v2) carries: what the column becomes once 同意调整.</summary>
    public static class F
    {
        public const string ColumnName = "columnName";
        public const string EndDate = "endDate";
        public const string ResponsiblePerson = "responsiblePerson";
        public const string StaffA = "staffA";
        public const string StaffB = "staffB";
    }

    public static class SettingKeys
    {
        public const string UnitReviewDays = "W1.UnitReviewWorkingDays";
        public const string BureauReviewDays = "W1.BureauReviewWorkingDays";
        public const string SetupDays = "W1.SetupWorkingDays";
        public const string ChangeReviewDays = "W1.ChangeReviewWorkingDays";
        public const string ExpiryDays = "W1.ExpiryWorkingDays";
    }

    private static DeadlineRule Deadline(string key, int days) =>
        new(key, days, ReminderLevels.Before | ReminderLevels.Escalation, [Roles.Supervisor]);

    /// <summary>The definition new requests start on (v2).</summary>
    public static WorkflowDefinition Definition { get; } = BuildV2();

    /// <summary>
    /// Version 1, kept for the requests that started on it: its change request carries no fields (同意调整 changes nothing),
    /// and it knows no expiry.
    /// </summary>
    public static WorkflowDefinition DefinitionV1 { get; } = BuildV1();

    /// <summary>
    /// Version 2: a change request says what changes (name, end date, 栏目负责人, A岗/B岗) and 同意调整 applies it to the
    /// column; a special column past its planned end date is put to its unit (到期待处理) to extend or close.
    /// </summary>
    private static WorkflowDefinition BuildV2() => new WorkflowBuilder(Key, 2, "专题专栏开设申请", "ZL", "/column-requests/{0}")
        //     state            display   who acts next         scope     deadline (working days, a setting)
        .State(S.Draft,         "草稿",     Roles.Editor,         OwnerUnit, editable: true, initial: true)
        .State(S.UnitReview,    "单位审核", Roles.UnitReviewer,   OwnerUnit, Deadline(SettingKeys.UnitReviewDays, 2))
        .State(S.BureauReview,  "审批",     Roles.Supervisor,     AnyUnit,   Deadline(SettingKeys.BureauReviewDays, 5))
        .State(S.Setup,         "开通",     Roles.Monitor,        AnyUnit,   Deadline(SettingKeys.SetupDays, 3))
        .State(S.Active,        "运行",     tone: StateTone.Success)
        .State(S.Expiring,      "到期待处理", Roles.Editor,        OwnerUnit, Deadline(SettingKeys.ExpiryDays, 5), tone: StateTone.Warning)
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
        // 第10条: a column the unit cannot keep up is adjusted; the request says what changes (blank: unchanged).
        .Trigger(T.RequestChange, "申请调整/关停").From(S.Active).To(S.ChangeReview).By(Roles.Editor, OwnerUnit)
            .RequiresComment().Style(ActionStyle.Secondary)
            .Field(F.ColumnName, "栏目名称改为", required: false, hint: "不改请留空")
            .Field(F.EndDate, "结束日期改为", required: false, hint: "如 2026-12-31；不改请留空")
            .Field(F.ResponsiblePerson, "栏目负责人改为", required: false, hint: "不改请留空")
            .Field(F.StaffA, "A岗改为", required: false, hint: "不改请留空")
            .Field(F.StaffB, "B岗改为", required: false, hint: "不改请留空")
            .Guard(ColumnRequestRules.CheckChange).End()
        // A special column serves its activity (第7条): past its planned end date its unit extends or closes it. The daily
        // sweep fires this once per end date.
        .Trigger(T.Expire, "到期提醒").From(S.Active).To(S.Expiring).By(Actor.SystemRole, AnyUnit)
            .Guard(ColumnRequestRules.CheckExpired).Effect(ColumnRequestRules.RecordExpiry).End()
        .Trigger(T.RequestExtension, "申请延期").From(S.Expiring).To(S.ChangeReview).By(Roles.Editor, OwnerUnit)
            .RequiresComment().Field(F.EndDate, "延期至", hint: "新的结束日期，如 2026-12-31").Guard(ColumnRequestRules.CheckChange).End()
        .Trigger(T.RequestClose, "申请关停").From(S.Expiring).To(S.ChangeReview).By(Roles.Editor, OwnerUnit)
            .RequiresComment().Style(ActionStyle.Danger).End()
        .Trigger(T.ApproveAdjust, "同意调整").From(S.ChangeReview).To(S.Active).By(Roles.Supervisor, AnyUnit)
            .Guard(ColumnRequestRules.CheckAdjustable).Effect(ColumnRequestRules.ApplyAdjustment).NotifyCreator("调整申请已同意").End()
        .Trigger(T.ApproveClose, "同意关停").From(S.ChangeReview).To(S.Archived).By(Roles.Supervisor, AnyUnit)
            .Style(ActionStyle.Danger).Effect(ColumnRequestRules.CloseColumn).NotifyCreator("关停申请已同意，栏目已归档").End()
        .Trigger(T.RefuseChange, "不同意").From(S.ChangeReview).To(S.Active).By(Roles.Supervisor, AnyUnit)
            .RequiresComment().Style(ActionStyle.Secondary).NotifyCreator("调整/关停申请未获同意").End()
        .Build();

    private static WorkflowDefinition BuildV1() => new WorkflowBuilder(Key, 1, "专题专栏开设申请", "ZL", "/column-requests/{0}")
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
