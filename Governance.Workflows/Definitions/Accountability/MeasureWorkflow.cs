using Governance.Data.Entities;
using Governance.Workflows.Engine;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.Accountability;

/// <summary>
/// 问责措施 (第21条, 第22条): an AccountabilityOfficer of 县政府办公室 records a measure against a unit. 约谈, 通报批评 and
/// 移交严肃处理 are recorded as taken (已记录); 书面检查 and 责令整改 need the unit to answer (待回复, a deadline in working
/// days chased like every other) — the officer accepts the reply (已办结) or returns it with a reason.
/// </summary>
public static class MeasureWorkflow
{
    public const string Key = "AM";

    public static class S
    {
        public const string AwaitingReply = "AwaitingReply";
        public const string ReplyReview = "ReplyReview";
        public const string Recorded = "Recorded";
        public const string Closed = "Closed";
        public const string Revoked = "Revoked";
    }

    public static class T
    {
        public const string SubmitReply = "SubmitReply";
        public const string AcceptReply = "AcceptReply";
        public const string ReturnReply = "ReturnReply";
        public const string Chase = "Chase";
        public const string Revoke = "Revoke";
    }

    public static class SettingKeys
    {
        public const string ReplyDays = "AM.ReplyWorkingDays";
    }

    public const int MaxReplyDays = 30;

    /// <summary>The unit answers within the measure's own working days (5 by default); chased to the unit, then to the officers.</summary>
    private static readonly DeadlineRule Reply = new(SettingKeys.ReplyDays, 5,
        ReminderLevels.Before | ReminderLevels.DueDay | ReminderLevels.Overdue | ReminderLevels.Escalation, [Roles.AccountabilityOfficer], null,
        [Roles.Editor, Roles.UnitReviewer])
    {
        WorkingDaysOf = MeasureRules.ReplyDaysOf,
        Label = "书面检查、责令整改的回复时限",
    };

    private static readonly string[] UnitStaff = [Roles.Editor, Roles.UnitReviewer];
    private static readonly AttachmentRule UnitReplyFiles = new(UnitStaff, HandlingUnit);
    private static readonly AttachmentRule OfficerFiles = new([Roles.AccountabilityOfficer], AnyUnit);

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build() => new WorkflowBuilder(Key, 1, "问责措施", "WZ", "/measures/{0}")
        //     state            display      who acts next                scope          deadline
        .State(S.AwaitingReply, "待回复",     Roles.Editor,                HandlingUnit,  Reply, initial: true, editable: true, tone: StateTone.Warning,
            attachments: UnitReplyFiles)
        .State(S.ReplyReview,   "回复待审阅", Roles.AccountabilityOfficer, AnyUnit,       attachments: OfficerFiles)
        .State(S.Recorded,      "已记录",     final: true, tone: StateTone.Danger)
        .State(S.Closed,        "已办结",     final: true, tone: StateTone.Success)
        .State(S.Revoked,       "已撤销",     final: true, tone: StateTone.Closed)

        .Trigger(T.SubmitReply, "提交回复").From(S.AwaitingReply).To(S.ReplyReview).By(UnitStaff, HandlingUnit)
            .Precondition<MeasureRules>((r, ctx) => r.CheckReply(ctx)).Effect<MeasureRules>((r, ctx) => r.RecordReply(ctx)).End()
        .Trigger(T.AcceptReply, "认可回复").From(S.ReplyReview).To(S.Closed).By(Roles.AccountabilityOfficer, AnyUnit).End()
        .Trigger(T.ReturnReply, "退回重写").From(S.ReplyReview).To(S.AwaitingReply).By(Roles.AccountabilityOfficer, AnyUnit)
            .RequiresComment().Style(ActionStyle.Secondary).End()
        .Trigger(T.Chase, "催办").From(S.AwaitingReply).Stay().By(Roles.AccountabilityOfficer, AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect(MeasureRules.Chase).End()
        .Trigger(T.Revoke, "撤销").From(S.AwaitingReply, S.ReplyReview).To(S.Revoked).By(Roles.AccountabilityOfficer, AnyUnit)
            .RequiresComment().Style(ActionStyle.Danger).End()
        .Build();
}
