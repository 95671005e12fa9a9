using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Engine;

/// <summary>
/// The one rule of who may see an item (SPEC.md "Who uses it"): county-wide roles and the system see every unit's items;
/// anyone else sees the items their unit owns, handles, or takes part in. The runtime, the 工作台, the workflow services,
/// the API and the attachments all ask here — as SQL for lists, or for one loaded item.
/// </summary>
public static class Visibility
{
    /// <summary>The instances <paramref name="actor"/> may see, as a filter the database evaluates.</summary>
    public static IQueryable<WorkflowInstance> VisibleTo(this IQueryable<WorkflowInstance> instances, GovernanceDbContext db, Actor actor)
    {
        if (actor.SeesAllUnits) return instances;
        var unit = actor.UnitId;
        return instances.Where(i => i.OwnerUnitId == unit || i.HandlingUnitId == unit
                                    || db.InstanceParticipants.Any(p => p.InstanceId == i.Id && p.UnitId == unit));
    }

    /// <summary>Whether <paramref name="actor"/> may see a loaded instance whose participant units are known.</summary>
    public static bool CanSee(WorkflowInstance instance, IReadOnlyCollection<int> participantUnits, Actor actor) =>
        actor.SeesAllUnits || instance.OwnerUnitId == actor.UnitId || instance.HandlingUnitId == actor.UnitId
        || participantUnits.Contains(actor.UnitId);

    /// <summary>Whether <paramref name="actor"/> may see a loaded instance (asks the database for participants if needed).</summary>
    public static async Task<bool> CanSeeAsync(GovernanceDbContext db, WorkflowInstance instance, Actor actor, CancellationToken ct) =>
        actor.SeesAllUnits || instance.OwnerUnitId == actor.UnitId || instance.HandlingUnitId == actor.UnitId
        || await db.InstanceParticipants.AnyAsync(p => p.InstanceId == instance.Id && p.UnitId == actor.UnitId, ct);
}
