using Governance.Data;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Definitions.ColumnRequests;

/// <summary>
/// W1's step of the daily column sweep: every running special column whose planned end date has passed (China date) is put
/// to its unit — 到期提醒 moves its request to 到期待处理, where the unit's Editor asks to extend or to close it. Fired as
/// 系统（栏目巡检）; once per end date (the trigger's guard reads the journal), and a concurrent sweep gets a version conflict.
/// Requests that started on version 1 know no expiry and are left alone.
/// </summary>
public sealed class SpecialColumnExpiry(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime,
    ILogger<SpecialColumnExpiry> logger) : IColumnSweepStep
{
    public async Task RunAsync(DateTime nowUtc, CancellationToken ct)
    {
        var today = ChinaTime.Date(nowUtc);
        List<(long Id, int Version, int DefinitionVersion)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var rows = await (
                from i in db.WorkflowInstances.AsNoTracking()
                where i.DefinitionKey == ColumnRequestWorkflow.Key && i.State == ColumnRequestWorkflow.S.Active
                join r in db.ColumnRequests.AsNoTracking() on i.Id equals r.InstanceId
                join c in db.Columns.AsNoTracking() on r.ColumnId equals c.Id
                where c.IsActive && (c.EndDate ?? r.EndDate) < today
                select new { i.Id, i.Version, i.DefinitionVersion }).ToListAsync(ct);
            due = rows.Select(x => (x.Id, x.Version, x.DefinitionVersion)).ToList();
        }
        foreach (var (id, version, definitionVersion) in due)
        {
            if (runtime.Registry.Get(ColumnRequestWorkflow.Key, definitionVersion).Trigger(ColumnRequestWorkflow.T.Expire) is null) continue;
            var result = await runtime.FireAsync(id, version, ColumnRequestWorkflow.T.Expire, ColumnStalenessSweep.SystemActor, FireInput.Empty, ct);
            // Refused: this end date was raised before; a conflict: another sweep or a person acted first. Both are fine.
            if (result.Succeeded) logger.LogInformation("Special column of request {Id} is past its end date: 到期待处理", id);
        }
    }
}
