using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Engine;

public sealed record InboxItem(long InstanceId, string DefinitionKey, string DefinitionName, string Number, string Title,
    string State, string StateName, string? UnitName, string WaitingForRole, DateTime? DueAtUtc, bool IsOverdue, DateTime StateEnteredAtUtc,
    string Link, StateTone Tone = StateTone.Info, string? HandlingUnitName = null, string? Task = null);

/// <summary>A page of the 工作台 (<paramref name="Page"/> from 0, clamped to the last) and the counts its header shows.</summary>
public sealed record InboxView(IReadOnlyList<InboxItem> Items, int Page, int Total, int Overdue);

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

    /// <summary>The first 500 items waiting for the actor, earliest deadline first (the daily digest).</summary>
    public async Task<IReadOnlyList<InboxItem>> ForAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FirstAsync(db, actor, MaxItems, time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>
    /// One page of the 工作台 and its header's counts (all items, overdue ones), paged and counted in SQL: the page reads
    /// again whenever an item of the clerk's unit changes, so it reads a page's rows — not every item the unit has waiting.
    /// </summary>
    public async Task<InboxView> PageAsync(Actor actor, int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await Ids(db, actor, null).CountAsync(ct);
        var overdue = total == 0 ? 0 : await Ids(db, actor, now).CountAsync(ct);
        // The page stays where the clerk is, unless the list got shorter than it.
        page = Math.Clamp(page, 0, Math.Max(0, (total - 1) / pageSize));
        var first = total == 0 ? [] : await FirstAsync(db, actor, (page + 1) * pageSize, now, ct);
        return new InboxView(first.Skip(page * pageSize).ToList(), page, total, overdue);
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Ids(db, actor, null).CountAsync(ct);
    }

    /// <summary>The ids of the items waiting for the actor (once each), or of those past their deadline at <paramref name="dueBefore"/>.</summary>
    private static IQueryable<long> Ids(GovernanceDbContext db, Actor actor, DateTime? dueBefore)
    {
        IQueryable<InstanceRow> waiting = Waiting(db, actor), participating = Participating(db, actor);
        if (dueBefore is { } now)
        {
            waiting = waiting.Where(r => r.DueAtUtc < now);
            participating = participating.Where(r => r.DueAtUtc < now);
        }
        return waiting.Select(r => r.Instance.Id).Union(participating.Select(r => r.Instance.Id));
    }

    /// <summary>
    /// The first <paramref name="count"/> items, earliest deadline first: the first <paramref name="count"/> of each source,
    /// ordered in SQL (items without a deadline last, so a cap never drops an overdue item), merged.
    /// </summary>
    private async Task<List<InboxItem>> FirstAsync(GovernanceDbContext db, Actor actor, int count, DateTime now, CancellationToken ct)
    {
        var waiting = await Ordered(Waiting(db, actor)).Take(count).ToListAsync(ct);
        var participating = await Ordered(Participating(db, actor)).Take(count).ToListAsync(ct);
        return waiting.Select(r => ToItem(r, r.Instance.WaitingForRole!, null, now))
            .Concat(participating.Where(p => waiting.All(w => w.Instance.Id != p.Instance.Id))
                .Select(r => ToItem(r, Roles.UnitReviewer, "本单位确认", now)))
            .OrderBy(i => i.DueAtUtc is null).ThenBy(i => i.DueAtUtc).ThenBy(i => i.StateEnteredAtUtc)
            .Take(count)
            .ToList();
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
