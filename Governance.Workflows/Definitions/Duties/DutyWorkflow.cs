using Governance.Data.Entities;
using Governance.Workflows.Engine;
using static Governance.Workflows.Engine.UnitScope;

namespace Governance.Workflows.Definitions.Duties;

/// <summary>
/// The regulation's recurring duties of 县行政审批服务局, each a small task created once per period by the scheduler:
/// 第15条(一) 每月组织开展一次安全自查 (checklist: 防篡改, 防病毒, 数据备份, 账号口令, 域名解析; evidence), 第16条 网站域名
/// 年度自查 (checklist; evidence), 第19条(六) 每年对各镇(街)、各部门相关管理人员组织开展培训 (attendance record). Its
/// UnitReviewer completes it; an overdue task is chased to the unit and then to 县政府办公室.
/// </summary>
public static class DutyWorkflow
{
    public const string Key = "DU";

    public static class Kinds
    {
        public const string Security = "security";
        public const string Domain = "domain";
        public const string Training = "training";
    }

    public static class S
    {
        public const string SecurityCheck = "SecurityCheck";
        public const string DomainCheck = "DomainCheck";
        public const string Training = "Training";
        public const string Done = "Done";
    }

    public static class T
    {
        public const string CompleteSecurity = "CompleteSecurity";
        public const string CompleteDomain = "CompleteDomain";
        public const string CompleteTraining = "CompleteTraining";
        public const string Chase = "Chase";
    }

    public static class SettingKeys
    {
        public const string SecurityDays = "DU.SecurityCheckWorkingDays";
        public const string DomainDays = "DU.DomainCheckWorkingDays";
        public const string TrainingDays = "DU.TrainingWorkingDays";
    }

    private static DeadlineRule Rule(string key, int days) =>
        new(key, days, ReminderLevels.Before | ReminderLevels.DueDay | ReminderLevels.Overdue | ReminderLevels.Escalation,
            [Roles.AccountabilityOfficer]);

    private static readonly string[] UnitStaff = [Roles.Editor, Roles.UnitReviewer];
    private static readonly AttachmentRule Evidence = new(UnitStaff, HandlingUnit);
    private static readonly string[] OpenStates = [S.SecurityCheck, S.DomainCheck, S.Training];

    public static string StartState(string kind) => kind switch
    {
        Kinds.Security => S.SecurityCheck,
        Kinds.Domain => S.DomainCheck,
        Kinds.Training => S.Training,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown duty"),
    };

    public static WorkflowDefinition Definition { get; } = Build();

    private static WorkflowDefinition Build() => new WorkflowBuilder(Key, 1, "定期任务", "RW", "/duties/{0}")
        //     state             display        who acts next        scope          deadline (working days, a setting)
        .State(S.SecurityCheck,  "每月安全自查", Roles.UnitReviewer,  HandlingUnit,  Rule(SettingKeys.SecurityDays, 5), initial: true,
            tone: StateTone.Warning, attachments: Evidence)
        .State(S.DomainCheck,    "域名年度自查", Roles.UnitReviewer,  HandlingUnit,  Rule(SettingKeys.DomainDays, 20), tone: StateTone.Warning,
            attachments: Evidence)
        .State(S.Training,       "年度培训",     Roles.UnitReviewer,  HandlingUnit,  Rule(SettingKeys.TrainingDays, 30), tone: StateTone.Warning,
            attachments: Evidence)
        .State(S.Done,           "已完成",       final: true, tone: StateTone.Success)

        // 第15条(一): 完善数据备份及防攻击、防病毒、防篡改等安全防护措施, 每月组织开展一次安全自查.
        .Trigger(T.CompleteSecurity, "完成安全自查").From(S.SecurityCheck).To(S.Done).By(Roles.UnitReviewer, HandlingUnit)
            .Check("tamper", "防篡改措施已检查有效").Check("antivirus", "防病毒措施已检查有效").Check("backup", "数据备份已检查可恢复")
            .Check("accounts", "账号口令已检查（专人专管、无弱口令）").Check("dns", "域名解析已检查无异常")
            .Precondition<DutyRules>((r, ctx) => r.CheckEvidence(ctx)).Effect<DutyRules>((r, ctx) => r.Complete(ctx)).End()
        // 第15条(二), 第16条: 域名安全日常监测和年度自查.
        .Trigger(T.CompleteDomain, "完成域名自查").From(S.DomainCheck).To(S.Done).By(Roles.UnitReviewer, HandlingUnit)
            .Check("registration", "域名注册信息真实有效").Check("dnssec", "已采取 DNS 安全协议等防劫持措施")
            .Check("provider", "解析服务商具备应急灾备、抗攻击能力").Check("servers", "服务器未部署在境外")
            .Precondition<DutyRules>((r, ctx) => r.CheckEvidence(ctx)).Effect<DutyRules>((r, ctx) => r.Complete(ctx)).End()
        // 第19条(六): 每年对各镇(街)、各部门相关管理人员组织开展培训 — with its attendance record.
        .Trigger(T.CompleteTraining, "登记培训完成").From(S.Training).To(S.Done).By(Roles.UnitReviewer, HandlingUnit)
            .Field("date", "培训日期", hint: "如 2026-09-15").Field("attendance", "参训单位及人员（签到记录）", hint: "每行一个单位：单位 姓名…")
            .NumberField("count", "参训人数", 1, 5000)
            .Guard(DutyRules.CheckTrainingDate).Effect<DutyRules>((r, ctx) => r.Complete(ctx)).End()
        .Trigger(T.Chase, "催办").From(OpenStates).Stay().By(Roles.AccountabilityOfficer, AnyUnit).RequiresComment()
            .Style(ActionStyle.Secondary).Effect(DutyRules.Chase).End()
        .Build();
}
