using Governance.Data.Entities;
using Governance.Workflows.Engine;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.ContentReview;

/// <summary>
/// W2 信息发布审核 (第9–11条, 第17条, 第19条(二)(三)): "一事一审, 审发分离, 先审后发". The machine pre-check (机器预审) runs as
/// the guard of 提交: a blocking result stops submission (personal data only with a UnitReviewer's recorded override).
/// Nothing reaches 已发布 except through 单位审核 (五关) and 保密审查; the author never reviews or publishes their own
/// item; the reviewers never publish what they reviewed. Every action acts on one item: there is no bulk approval.
/// </summary>
public static class ContentReviewWorkflow
{
    public const string Key = "W2";

    public static class S
    {
        public const string Draft = "Draft";
        public const string UnitReview = "UnitReview";
        public const string SecrecyReview = "SecrecyReview";
        public const string ReadyToPublish = "ReadyToPublish";
        public const string Published = "Published";
        public const string Returned = "Returned";
        public const string Retracted = "Retracted";
        public const string Withdrawn = "Withdrawn";
    }

    public static class T
    {
        public const string Submit = "Submit";
        public const string OverridePii = "OverridePii";
        public const string UnitApprove = "UnitApprove";
        public const string UnitReturn = "UnitReturn";
        public const string SecrecyApprove = "SecrecyApprove";
        public const string SecrecyReturn = "SecrecyReturn";
        public const string ConfirmConcerned = "ConfirmConcerned";
        public const string Publish = "Publish";
        public const string PublisherReturn = "PublisherReturn";
        public const string Retract = "Retract";
        public const string Correct = "Correct";
        public const string Withdraw = "Withdraw";
    }

    public static class SettingKeys
    {
        public const string UnitReviewDays = "W2.UnitReviewWorkingDays";
        public const string SecrecyReviewDays = "W2.SecrecyReviewWorkingDays";
        public const string PublishDays = "W2.PublishWorkingDays";
    }

    /// <summary>第19条(三) 严把政治关、法律关、政策关、保密关、文字关.</summary>
    public static readonly (string Name, string Label)[] FiveChecks =
        [("political", "政治关"), ("legal", "法律关"), ("policy", "政策关"), ("secrecy", "保密关"), ("wording", "文字关")];

    private static DeadlineRule Deadline(string key) =>
        new(key, 1, ReminderLevels.Before | ReminderLevels.DueDay | ReminderLevels.Escalation, [Roles.Supervisor]);

    private static readonly string Create = WorkflowRuntime.CreateTrigger;

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build()
    {
        var b = new WorkflowBuilder(Key, 1, "信息发布审核", "XX", "/content/{0}")
            //     state              display    who acts next        scope      deadline (working days, a setting)
            .State(S.Draft,           "草稿",     Roles.Editor,        OwnerUnit, editable: true, initial: true)
            .State(S.UnitReview,      "单位审核", Roles.UnitReviewer,  OwnerUnit, Deadline(SettingKeys.UnitReviewDays))
            .State(S.SecrecyReview,   "保密审查", Roles.UnitReviewer,  OwnerUnit, Deadline(SettingKeys.SecrecyReviewDays))
            .State(S.ReadyToPublish,  "待发布",   Roles.Publisher,     OwnerUnit, Deadline(SettingKeys.PublishDays))
            .State(S.Published,       "已发布",   tone: StateTone.Success)
            .State(S.Returned,        "退回修改", Roles.Editor,        OwnerUnit, editable: true, tone: StateTone.Warning)
            .State(S.Retracted,       "已撤稿",   final: true, tone: StateTone.Danger)
            .State(S.Withdrawn,       "已撤回",   final: true, tone: StateTone.Danger)

            // 机器预审 (第9–11条, 第17条, 第19条(二)) runs as the guard of 提交.
            .Trigger(T.Submit, "提交审核").From(S.Draft, S.Returned).To(S.UnitReview).By(Roles.Editor, OwnerUnit)
                .Precondition<ContentRules>((r, ctx) => r.CheckBeforeSubmit(ctx)).Effect<ContentRules>((r, ctx) => r.SnapshotRevision(ctx)).End()
            // 第9条 personal data: only a UnitReviewer (not the author) may let it through, with a reason, for this exact text.
            .Trigger(T.OverridePii, "隐私信息放行").From(S.Draft, S.Returned).Stay().By(Roles.UnitReviewer, OwnerUnit)
                .RequiresComment().NotBySameActorAs(Create, T.Submit).Style(ActionStyle.Secondary)
                .Precondition<ContentRules>((r, ctx) => r.CheckOverride(ctx)).Effect<ContentRules>((r, ctx) => r.RecordOverride(ctx))
                .NotifyCreator("的隐私信息已由单位审核人放行").End();

        var approve = b.Trigger(T.UnitApprove, "单位审核通过").From(S.UnitReview).To(S.SecrecyReview).By(Roles.UnitReviewer, OwnerUnit)
            .NotBySameActorAs(Create, T.Submit);
        foreach (var (name, label) in FiveChecks) approve = approve.Check(name, label);
        foreach (var (name, label) in FiveChecks) approve = approve.Field(name + "_note", label + "意见（选填）", required: false);
        b = approve.End()
            .Trigger(T.UnitReturn, "退回修改").From(S.UnitReview).To(S.Returned).By(Roles.UnitReviewer, OwnerUnit)
                .RequiresComment().Style(ActionStyle.Secondary).Effect(ContentRules.ClearPendingConfirmations)
                .NotifyCreator("已被单位审核退回修改").End()
            // 第17条 涉密信息不上网: the secrecy review is a step of its own, with its statement and reviewer.
            // 第9条 保密审查机制: a second pair of eyes — not the reviewer who did 单位审核 (a setting, on by default).
            .Trigger(T.SecrecyApprove, "保密审查通过").From(S.SecrecyReview).To(S.ReadyToPublish).By(Roles.UnitReviewer, OwnerUnit)
                .NotBySameActorAs(Create, T.Submit).Precondition<ContentRules>((r, ctx) => r.CheckSecrecyReviewerDistinct(ctx))
                .Field("statement", "保密审查意见", hint: "例如：经审查，该信息不涉及国家秘密、工作秘密和个人隐私，同意公开。").End()
            .Trigger(T.SecrecyReturn, "退回修改").From(S.SecrecyReview).To(S.Returned).By(Roles.UnitReviewer, OwnerUnit)
                .RequiresComment().Style(ActionStyle.Secondary).Effect(ContentRules.ClearPendingConfirmations)
                .NotifyCreator("已在保密审查中退回修改").End()
            // 第19条(三) 发布信息涉及其他单位工作内容的，要提前做好沟通协调核实.
            .Trigger(T.ConfirmConcerned, "涉及单位确认").From(S.UnitReview, S.SecrecyReview, S.ReadyToPublish).Stay()
                .By(Roles.UnitReviewer, ParticipantUnit).Precondition<ContentRules>((r, ctx) => r.CheckNotYetConfirmed(ctx))
                .Effect<ContentRules>((r, ctx) => r.RecordConfirmation(ctx)).End()
            // 审发分离, 先审后发: the publisher is none of author, submitter, reviewers; every concerned unit has confirmed.
            .Trigger(T.Publish, "发布").From(S.ReadyToPublish).To(S.Published).By(Roles.Publisher, OwnerUnit)
                .NotBySameActorAs(Create, T.Submit, T.UnitApprove, T.SecrecyApprove)
                .Precondition<ContentRules>((r, ctx) => r.CheckConfirmations(ctx)).Effect<ContentRules>((r, ctx) => r.StampPublished(ctx))
                .NotifyCreator("已发布").End()
            .Trigger(T.PublisherReturn, "退回修改").From(S.ReadyToPublish).To(S.Returned).By(Roles.Publisher, OwnerUnit)
                .RequiresComment().Style(ActionStyle.Secondary).Effect(ContentRules.ClearPendingConfirmations)
                .NotifyCreator("已被发布员退回修改").End()
            .Trigger(T.Retract, "撤稿").From(S.Published).To(S.Retracted).By([Roles.Publisher, Roles.UnitReviewer], OwnerUnit)
                .RequiresComment().Style(ActionStyle.Danger).NotifyCreator("已撤稿").End()
            // A correction is a new revision that goes through review again.
            .Trigger(T.Correct, "更正").From(S.Published).To(S.Draft).By(Roles.Editor, OwnerUnit)
                .RequiresComment().Style(ActionStyle.Secondary).Effect<ContentRules>((r, ctx) => r.StartCorrection(ctx)).End()
            .Trigger(T.Withdraw, "撤回").From(S.Draft, S.Returned).To(S.Withdrawn).By(Roles.Editor, OwnerUnit)
                .Style(ActionStyle.Danger).End();
        return b.Build();
    }
}
