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
    private const int MaxItems = 500;

    /// <summary>What waits for the actor: their roles, their unit (or any unit), and only units they may see.</summary>
    private static IQueryable<WorkflowInstance> Waiting(GovernanceDbContext db, Actor actor)
    {
        var roles = actor.Roles.ToList();
        var seesAll = actor.SeesAllUnits;
        return db.WorkflowInstances.AsNoTracking()
            .Where(i => !i.IsFinal && i.WaitingForRole != null && roles.Contains(i.WaitingForRole)
                        && (i.WaitingForUnitId == null || i.WaitingForUnitId == actor.UnitId)
                        && (seesAll || i.OwnerUnitId == actor.UnitId
                            || db.InstanceParticipants.Any(p => p.InstanceId == i.Id && p.UnitId == actor.UnitId)));
    }

    public async Task<IReadOnlyList<InboxItem>> ForAsync(Actor actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Ordered in SQL (earliest deadline first, items without one last) so the cap never drops an overdue item.
        var rows = await (
            from i in Waiting(db, actor)
            join d0 in db.Deadlines.Where(d => d.ClosedAtUtc == null) on i.Id equals d0.InstanceId into ds
            from d in ds.DefaultIfEmpty()
            let due = (DateTime?)d.DueAtUtc
            orderby due == null, due, i.StateEnteredAtUtc
            select new { i, Unit = i.OwnerUnit!.Name, Due = due })
            .Take(MaxItems).ToListAsync(ct);
        return rows.Select(r =>
            {
                var def = registry.Get(r.i.DefinitionKey, r.i.DefinitionVersion);
                return new InboxItem(r.i.Id, def.Key, def.DisplayName, r.i.Number, r.i.Title, r.i.State, def.StateDisplayName(r.i.State),
                    r.Unit, r.i.WaitingForRole!, r.Due, r.Due is { } due && due < now, r.i.StateEnteredAtUtc, def.Link(r.i.Id));
            })
            .ToList();
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Waiting(db, actor).CountAsync(ct);
    }
}
