using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Engine;

public sealed record InboxItem(long InstanceId, string DefinitionKey, string DefinitionName, string Number, string Title,
    string State, string StateName, string? UnitName, string WaitingForRole, DateTime? DueAtUtc, bool IsOverdue, DateTime StateEnteredAtUtc,
    string Link, StateTone Tone = StateTone.Info, string? HandlingUnitName = null, string? Task = null);

/// <summary>
/// 工作台: every item waiting for the user's action, across all workflows — one indexed query over the shared instance
/// table (WaitingForRole, WaitingForUnitId) through the one list query (<see cref="WorkflowLists"/>), plus the items on
/// which the user's unit takes part and owes an action (a concerned unit's confirmation, 第19条(三)).
/// </summary>
public sealed class Inbox(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRegistry registry, TimeProvider time)
{
    private const int MaxItems = 500;

    /// <summary>What waits for the actor: their roles, their unit (or any unit), among what they may see.</summary>
    private static IQueryable<InstanceRow> Waiting(GovernanceDbContext db, Actor actor)
    {
        var roles = actor.Roles.ToList();
        var unit = actor.UnitId;
        return WorkflowLists.Rows(db, actor)
            .Where(r => !r.Instance.IsFinal && r.Instance.WaitingForRole != null && roles.Contains(r.Instance.WaitingForRole)
                        && (r.Instance.WaitingForUnitId == null || r.Instance.WaitingForUnitId == unit));
    }

    /// <summary>Items where the actor's unit is a participant and the actor's role owes an action.</summary>
    private static IQueryable<InstanceRow> Participating(GovernanceDbContext db, Actor actor)
    {
        var roles = actor.Roles.ToList();
        var unit = actor.UnitId;
        // Driven by the participant rows (index (UnitId, WaitingForRole)): IN (…) looks the few instances up by key.
        var owed = db.InstanceParticipants.Where(p => p.UnitId == unit && p.WaitingForRole != null && roles.Contains(p.WaitingForRole))
            .Select(p => p.InstanceId);
        return WorkflowLists.Rows(db, actor).Where(r => !r.Instance.IsFinal && owed.Contains(r.Instance.Id));
    }

    public async Task<IReadOnlyList<InboxItem>> ForAsync(Actor actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Ordered in SQL (earliest deadline first, items without one last) so the cap never drops an overdue item.
        var waiting = await Ordered(Waiting(db, actor)).Take(MaxItems).ToListAsync(ct);
        var participating = await Ordered(Participating(db, actor)).Take(MaxItems).ToListAsync(ct);
        var items = waiting.Select(r => ToItem(r, r.Instance.WaitingForRole!, null, now))
            .Concat(participating.Where(p => waiting.All(w => w.Instance.Id != p.Instance.Id))
                .Select(r => ToItem(r, Roles.UnitReviewer, "本单位确认", now)))
            .OrderBy(i => i.DueAtUtc is null).ThenBy(i => i.DueAtUtc).ThenBy(i => i.StateEnteredAtUtc)
            .Take(MaxItems)
            .ToList();
        return items;
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = Waiting(db, actor).Select(r => r.Instance.Id);
        return await waiting.Union(Participating(db, actor).Select(r => r.Instance.Id)).CountAsync(ct);
    }

    private static IQueryable<InstanceRow> Ordered(IQueryable<InstanceRow> q) =>
        q.OrderBy(r => r.DueAtUtc == null).ThenBy(r => r.DueAtUtc).ThenBy(r => r.Instance.StateEnteredAtUtc);

    private InboxItem ToItem(InstanceRow r, string role, string? task, DateTime now)
    {
        var i = r.Instance;
        var def = registry.Get(i.DefinitionKey, i.DefinitionVersion);
        return new InboxItem(i.Id, def.Key, def.DisplayName, i.Number, i.Title, i.State, def.StateDisplayName(i.State), r.OwnerUnit, role,
            r.DueAtUtc, r.DueAtUtc is { } due && due < now, i.StateEnteredAtUtc, def.Link(i.Id), def.StateTone(i.State), r.HandlingUnit, task);
    }
}
