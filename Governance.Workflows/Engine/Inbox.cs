using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Engine;

public sealed record InboxItem(long InstanceId, string DefinitionKey, string DefinitionName, string Number, string Title,
    string State, string StateName, string? UnitName, string WaitingForRole, DateTime? DueAtUtc, bool IsOverdue, DateTime StateEnteredAtUtc,
    string Link);

/// <summary>
/// 工作台: every item waiting for the user's action, across all workflows — one indexed query over the shared instance
/// table (WaitingForRole, WaitingForUnitId), joined to the open deadline.
/// </summary>
public sealed class Inbox(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRegistry registry, TimeProvider time)
{
    public async Task<IReadOnlyList<InboxItem>> ForAsync(Actor actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var roles = actor.Roles.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from i in db.WorkflowInstances.AsNoTracking()
            where !i.IsFinal && i.WaitingForRole != null && roles.Contains(i.WaitingForRole)
                  && (i.WaitingForUnitId == null || i.WaitingForUnitId == actor.UnitId)
            join d0 in db.Deadlines.Where(d => d.ClosedAtUtc == null) on i.Id equals d0.InstanceId into ds
            from d in ds.DefaultIfEmpty()
            select new { i, Unit = i.OwnerUnit!.Name, Due = (DateTime?)d.DueAtUtc })
            .Take(1000).ToListAsync(ct);
        // Editors see only the items of their own unit's drafts; separation of duty is checked again on fire.
        return rows
            .Where(r => actor.CanSeeUnit(r.i.OwnerUnitId))
            .Select(r =>
            {
                var def = registry.Get(r.i.DefinitionKey, r.i.DefinitionVersion);
                return new InboxItem(r.i.Id, def.Key, def.DisplayName, r.i.Number, r.i.Title, r.i.State, def.StateDisplayName(r.i.State),
                    r.Unit, r.i.WaitingForRole!, r.Due, r.Due is { } due && due < now, r.i.StateEnteredAtUtc, def.Link(r.i.Id));
            })
            .OrderByDescending(x => x.IsOverdue).ThenBy(x => x.DueAtUtc ?? DateTime.MaxValue).ThenBy(x => x.StateEnteredAtUtc)
            .ToList();
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        var roles = actor.Roles.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkflowInstances.CountAsync(i => !i.IsFinal && i.WaitingForRole != null && roles.Contains(i.WaitingForRole)
            && (i.WaitingForUnitId == null || i.WaitingForUnitId == actor.UnitId), ct);
    }
}
