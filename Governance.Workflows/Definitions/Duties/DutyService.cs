using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Definitions.Duties;

public sealed record DutyRow(long Id, string Number, string Title, string Kind, string PeriodLabel, string State, string StateName, StateTone Tone,
    DateTime? DueAtUtc, DateTime? CompletedAtUtc);

/// <summary>Reads of the recurring duties for their pages.</summary>
public sealed class DutyService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    private static WorkflowDefinition Def => DutyWorkflow.Definition;

    public async Task<IReadOnlyList<DutyRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await WorkflowLists.Rows(db, actor, DutyWorkflow.Key, db.DutyTasks.AsNoTracking(), t => t.InstanceId)
            .OrderByDescending(x => x.Item.CreatedAtUtc).ThenByDescending(x => x.Row.Instance.Id).Take(200)
            .Select(x => new { x.Row.Instance, x.Row.DueAtUtc, x.Item }).ToListAsync(ct);
        return rows.Select(x => new DutyRow(x.Instance.Id, x.Instance.Number, x.Instance.Title, x.Item.Kind, x.Item.PeriodLabel, x.Instance.State,
            Def.StateDisplayName(x.Instance.State), Def.StateTone(x.Instance.State), x.DueAtUtc, x.Item.CompletedAtUtc)).ToList();
    }

    public async Task<DutyTask?> TaskAsync(long instanceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DutyTasks.AsNoTracking().FirstOrDefaultAsync(t => t.InstanceId == instanceId, ct);
    }

    public static string Help(string kind) => kind switch
    {
        DutyWorkflow.Kinds.Security =>
            "第15条(一)：逐项检查防篡改、防病毒、数据备份、账号口令、域名解析，以“自查记录”上传检查记录或截图后，由本单位审核人点“完成安全自查”逐项确认。",
        DutyWorkflow.Kinds.Domain =>
            "第16条：检查域名注册信息、DNS 安全措施、解析服务商能力和服务器部署位置，上传自查记录后点“完成域名自查”逐项确认。",
        _ => "第19条(六)：组织各镇街、各部门相关管理人员培训后，点“登记培训完成”填写培训日期、参训单位及人员和人数；签到表可作为附件上传。",
    };
}
