using Governance.Data.Entities;
using Governance.Workflows.Engine;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.Rectification;

/// <summary>
/// W4 整改跟踪 (第13条, 第19条(四), 第20条(一), 第21条): a problem found on the website is issued to the unit responsible
/// (已下发); the unit signs for it (已签收), rectifies (整改中) and submits a report with evidence (待核验); a Monitor verifies
/// it and closes it (已销号) or rejects it with a reason back to 整改中. The unit's deadline runs in working days by severity
/// (一般 5 / 严重 2 / 单项否决 1, settings; a Monitor may set another); overdue findings are chased to the unit, then the
/// Supervisor and 县政府办公室 (AccountabilityOfficer), each level once.
/// </summary>
public static class RectificationWorkflow
{
    public const string Key = "W4";

    public static class S
    {
        public const string Issued = "Issued";
        public const string Acknowledged = "Acknowledged";
        public const string Rectifying = "Rectifying";
        public const string Submitted = "Submitted";
        public const string Closed = "Closed";
        public const string Cancelled = "Cancelled";
    }

    public static class T
    {
        public const string Acknowledge = "Acknowledge";
        public const string Start = "Start";
        public const string Submit = "Submit";
        public const string Verify = "Verify";
        public const string Reject = "Reject";
        public const string Extend = "Extend";
        public const string Chase = "Chase";
        public const string Cancel = "Cancel";
    }

    public static class SettingKeys
    {
        public const string GeneralDays = "W4.GeneralWorkingDays";
        public const string SeriousDays = "W4.SeriousWorkingDays";
        public const string VetoDays = "W4.VetoWorkingDays";
        public const string VerifyDays = "W4.VerifyWorkingDays";
    }

    public const string RectifySpan = "rectify";
    public const int MaxWorkingDays = 30;

    /// <summary>
    /// The unit's deadline, one across 已下发, 已签收 and 整改中: the finding's own working days (its severity's, or the
    /// Monitor's figure); reminders the day before and on the day to the unit, after it to the unit (overdue) and then to the
    /// Supervisor and the AccountabilityOfficer (escalation) — each level once.
    /// </summary>
    private static readonly DeadlineRule Rectify = new(SettingKeys.GeneralDays, 5,
        ReminderLevels.Before | ReminderLevels.DueDay | ReminderLevels.Overdue | ReminderLevels.Escalation,
        [Roles.Supervisor, Roles.AccountabilityOfficer], RectifySpan, [Roles.Editor, Roles.UnitReviewer])
    {
        WorkingDaysOf = FindingRules.WorkingDaysOf,
        Label = "整改时限（一般问题）",
    };

    /// <summary>The Monitor verifies a report within 3 working days (a setting).</summary>
    private static readonly DeadlineRule Verification = new(SettingKeys.VerifyDays, 3, ReminderLevels.DueDay | ReminderLevels.Overdue, []);

    private static readonly string[] UnitStaff = [Roles.Editor, Roles.UnitReviewer];
    private static readonly string[] UnitStates = [S.Issued, S.Acknowledged, S.Rectifying];
    private static readonly AttachmentRule UnitEvidence = new(UnitStaff, HandlingUnit);
    private static readonly AttachmentRule MonitorMaterial = new([Roles.Monitor], AnyUnit);

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build() => new WorkflowBuilder(Key, 1, "整改跟踪", "ZG", "/findings/{0}")
        //     state           display     who acts next        scope          deadline
        .State(S.Issued,       "已下发",   Roles.Editor,        HandlingUnit,  Rectify, initial: true, tone: StateTone.Warning,
            attachments: MonitorMaterial)
        .State(S.Acknowledged, "已签收",   Roles.Editor,        HandlingUnit,  Rectify, attachments: UnitEvidence)
        .State(S.Rectifying,   "整改中",   Roles.Editor,        HandlingUnit,  Rectify, editable: true, attachments: UnitEvidence)
        .State(S.Submitted,    "待核验",   Roles.Monitor,       AnyUnit,       Verification, tone: StateTone.Info, attachments: MonitorMaterial)
        .State(S.Closed,       "已销号",   final: true, tone: StateTone.Success)
        .State(S.Cancelled,    "已撤销",   final: true, tone: StateTone.Closed)

        .Trigger(T.Acknowledge, "签收").From(S.Issued).To(S.Acknowledged).By(UnitStaff, HandlingUnit).End()
        .Trigger(T.Start, "开始整改").From(S.Acknowledged).To(S.Rectifying).By(UnitStaff, HandlingUnit).End()
        // The report says what was done; the evidence (screenshots, PDF) or the corrected page's URL shows it.
        .Trigger(T.Submit, "提交整改报告").From(S.Rectifying).To(S.Submitted).By(Roles.Editor, HandlingUnit)
            .Precondition<FindingRules>((r, ctx) => r.CheckReport(ctx)).Effect<FindingRules>((r, ctx) => r.RecordSubmission(ctx)).End()
        .Trigger(T.Verify, "核验通过，销号").From(S.Submitted).To(S.Closed).By(Roles.Monitor, AnyUnit)
            .Effect<FindingRules>((r, ctx) => r.Close(ctx)).End()
        .Trigger(T.Reject, "核验不通过").From(S.Submitted).To(S.Rectifying).By(Roles.Monitor, AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect<FindingRules>((r, ctx) => r.Reject(ctx)).End()
        .Trigger(T.Extend, "延长整改时限").From(UnitStates).Stay().By(Roles.Monitor, AnyUnit).RequiresComment()
            .NumberField("days", "延长的工作日数", 1, MaxWorkingDays).Style(ActionStyle.Secondary)
            .Effect<FindingRules>((r, ctx) => r.Extend(ctx)).End()
        .Trigger(T.Chase, "催办").From(UnitStates).Stay().By([Roles.Monitor, Roles.AccountabilityOfficer], AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect(FindingRules.Chase).End()
        .Trigger(T.Cancel, "撤销").From(S.Issued, S.Acknowledged, S.Rectifying, S.Submitted).To(S.Cancelled).By(Roles.Monitor, AnyUnit)
            .RequiresComment().Style(ActionStyle.Danger).Effect<FindingRules>((r, ctx) => r.Cancel(ctx)).End()
        .Build();
}
