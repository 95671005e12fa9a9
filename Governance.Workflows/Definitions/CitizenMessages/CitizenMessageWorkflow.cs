using Governance.Data.Entities;
using Governance.Workflows.Engine;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.CitizenMessages;

/// <summary>
/// W3 网民留言办理 (第12条: 各镇街、各部门对批办的网民留言，应在收到留言之日起4个工作日内答复，不得推诿、敷衍、超期答复;
/// 第19条(五)). The Monitors of 县数字化信息服务中心 dispatch within 1 working day; the unit the message is handed to
/// accepts (or returns it with a reason), drafts a reply that passes the pre-check (第9条: no personal data), its
/// UnitReviewer approves it (审发分离: not the reply's author) — all within 4 working days of receiving the assignment
/// (one deadline across 已批办, 办理中 and 答复审核; extensions approved by a Monitor). 县政府办公室 and the Supervisor hear
/// of every overdue reply.
/// </summary>
public static class CitizenMessageWorkflow
{
    public const string Key = "W3";

    public static class S
    {
        public const string Received = "Received";
        public const string Returned = "Returned";
        public const string Assigned = "Assigned";
        public const string Drafting = "Drafting";
        public const string ReplyReview = "ReplyReview";
        public const string Replied = "Replied";
        public const string Closed = "Closed";
        public const string Invalid = "Invalid";
    }

    public static class T
    {
        public const string Assign = "Assign";
        public const string Accept = "Accept";
        public const string Return = "Return";
        public const string SubmitReply = "SubmitReply";
        public const string ApproveReply = "ApproveReply";
        public const string ReturnReply = "ReturnReply";
        public const string RequestExtension = "RequestExtension";
        public const string ApproveExtension = "ApproveExtension";
        public const string RefuseExtension = "RefuseExtension";
        public const string Chase = "Chase";
        public const string MarkInvalid = "MarkInvalid";
        public const string Close = "Close";
    }

    public static class SettingKeys
    {
        public const string DispatchDays = "W3.DispatchWorkingDays";
        public const string ReplyDays = "W3.ReplyWorkingDays";
    }

    public const string ReplySpan = "reply";
    public const int MaxExtensionDays = 10;

    /// <summary>The Monitor assigns within 1 working day of receipt (a setting); overdue dispatch is escalated.</summary>
    private static readonly DeadlineRule Dispatch =
        new(SettingKeys.DispatchDays, 1, ReminderLevels.DueDay | ReminderLevels.Escalation, [Roles.Supervisor]);

    /// <summary>
    /// 第12条: 4 working days from the day the unit receives the assignment (that day not counted), one deadline across the
    /// unit's states; the unit's Editors and UnitReviewers are reminded the working day before and warned on the day; after
    /// it, escalation to the Supervisor and 县政府办公室 (AccountabilityOfficer).
    /// </summary>
    private static readonly DeadlineRule Reply = new(SettingKeys.ReplyDays, 4,
        ReminderLevels.Before | ReminderLevels.DueDay | ReminderLevels.Escalation, [Roles.Supervisor, Roles.AccountabilityOfficer],
        ReplySpan, [Roles.Editor, Roles.UnitReviewer]);

    private static readonly string[] UnitStaff = [Roles.Editor, Roles.UnitReviewer];
    private static readonly string[] Dispatcher = [Roles.Monitor, Actor.SystemRole];
    private static readonly string[] UnitStates = [S.Assigned, S.Drafting, S.ReplyReview];

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build() => new WorkflowBuilder(Key, 1, "网民留言办理", "LY", "/messages/{0}")
        //     state           display       who acts next        scope          deadline
        .State(S.Received,     "待分办",     Roles.Monitor,       AnyUnit,       Dispatch, initial: true, tone: StateTone.Info)
        .State(S.Returned,     "退回待重新分办", Roles.Monitor,   AnyUnit,       Dispatch, tone: StateTone.Warning)
        .State(S.Assigned,     "已批办",     Roles.Editor,        HandlingUnit,  Reply)
        .State(S.Drafting,     "办理中",     Roles.Editor,        HandlingUnit,  Reply, editable: true)
        .State(S.ReplyReview,  "答复审核",   Roles.UnitReviewer,  HandlingUnit,  Reply)
        .State(S.Replied,      "已答复",     Roles.Monitor,       AnyUnit,       tone: StateTone.Success)
        .State(S.Closed,       "已办结",     final: true, tone: StateTone.Success)
        .State(S.Invalid,      "无效留言",   final: true, tone: StateTone.Closed)

        .Trigger(T.Assign, "分办").From(S.Received, S.Returned).To(S.Assigned).By(Dispatcher, AnyUnit)
            .UnitField("unit", "承办单位", hint: "留言交由哪个镇街或部门答复")
            .Guard(CitizenMessageRules.CheckAssignee).Effect<CitizenMessageRules>((r, ctx) => r.Assign(ctx)).End()
        .Trigger(T.Accept, "签收").From(S.Assigned).To(S.Drafting).By(UnitStaff, HandlingUnit).End()
        // Wrong unit: back to the Monitor with the reason; the reassignment starts the next unit's own 4 working days.
        .Trigger(T.Return, "退回").From(S.Assigned, S.Drafting).To(S.Returned).By(UnitStaff, HandlingUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect<CitizenMessageRules>((r, ctx) => r.ReturnToMonitor(ctx)).End()
        // 第9条: a reply with a citizen's phone number or ID cannot go out; there is no override for replies.
        .Trigger(T.SubmitReply, "提交答复审核").From(S.Drafting).To(S.ReplyReview).By(Roles.Editor, HandlingUnit)
            .Precondition<CitizenMessageRules>((r, ctx) => r.CheckReply(ctx)).End()
        // 审发分离: whoever wrote or submitted the reply does not approve it.
        .Trigger(T.ApproveReply, "答复审核通过").From(S.ReplyReview).To(S.Replied).By(Roles.UnitReviewer, HandlingUnit)
            .NotBySameActorAs(T.SubmitReply, WorkflowRuntime.EditTrigger)
            .Precondition<CitizenMessageRules>((r, ctx) => r.CheckReply(ctx)).Effect<CitizenMessageRules>((r, ctx) => r.RecordReply(ctx)).End()
        .Trigger(T.ReturnReply, "退回修改").From(S.ReplyReview).To(S.Drafting).By(Roles.UnitReviewer, HandlingUnit).RequiresComment()
            .Style(ActionStyle.Secondary).End()
        .Trigger(T.RequestExtension, "申请延期").From(UnitStates).Stay().By(UnitStaff, HandlingUnit).RequiresComment()
            .NumberField("days", "申请延长的工作日数", 1, MaxExtensionDays).Style(ActionStyle.Secondary)
            .Precondition<CitizenMessageRules>((r, ctx) => r.CheckNoPendingExtension(ctx))
            .Effect<CitizenMessageRules>((r, ctx) => r.RequestExtension(ctx)).End()
        .Trigger(T.ApproveExtension, "批准延期").From(UnitStates).Stay().By(Roles.Monitor, AnyUnit)
            .NumberField("days", "批准延长的工作日数", 1, MaxExtensionDays)
            .Precondition<CitizenMessageRules>((r, ctx) => r.CheckPendingExtension(ctx))
            .Effect<CitizenMessageRules>((r, ctx) => r.ApproveExtension(ctx)).End()
        .Trigger(T.RefuseExtension, "不予延期").From(UnitStates).Stay().By(Roles.Monitor, AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Precondition<CitizenMessageRules>((r, ctx) => r.CheckPendingExtension(ctx))
            .Effect<CitizenMessageRules>((r, ctx) => r.RefuseExtension(ctx)).End()
        // 催办: at any time while the unit holds it; the unit hears at once.
        .Trigger(T.Chase, "催办").From(UnitStates).Stay().By([Roles.Monitor, Roles.AccountabilityOfficer], AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect(CitizenMessageRules.Chase).End()
        .Trigger(T.MarkInvalid, "无效留言").From(S.Received, S.Returned).To(S.Invalid).By(Roles.Monitor, AnyUnit).RequiresComment()
            .Style(ActionStyle.Danger).Effect<CitizenMessageRules>((r, ctx) => r.MarkInvalid(ctx)).End()
        .Trigger(T.Close, "办结").From(S.Replied).To(S.Closed).By(Roles.Monitor, AnyUnit)
            .Effect<CitizenMessageRules>((r, ctx) => r.Close(ctx)).End()
        .Build();
}
