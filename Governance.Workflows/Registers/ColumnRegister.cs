using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Registers;

/// <summary>
/// 栏目台账 (第10条, 第13条, 第19条(一)(二)): every column of the portal, ordinary and special. Reads here; commands in
/// ColumnRegister.Commands.cs. Who may do what, on the server for every call:
/// <list type="bullet">
/// <item>Monitor and Admin manage every column (create, edit, move, suspend, resume, close, import);</item>
/// <item>a unit's Editor and UnitReviewer keep their own columns' people (栏目负责人, A岗, B岗) and record their updates;</item>
/// <item>the county-wide roles read every column; anyone else reads only their own unit's (another unit's column is "not found").</item>
/// </list>
/// </summary>
public sealed partial class ColumnRegister(IDbContextFactory<GovernanceDbContext> dbFactory, SettingsService settings, TimeProvider time)
{
    /// <summary>Manages every column: 县数字化信息服务中心 (第4条 日常运维) and the system administrator.</summary>
    public static bool Manages(Actor actor) => actor.IsInRole(Roles.Monitor) || actor.IsInRole(Roles.Admin);

    /// <summary>Keeps the column's people and records its updates: a manager, or the column's own unit's Editor / UnitReviewer.</summary>
    public static bool Keeps(Actor actor, int columnUnitId) =>
        Manages(actor) || (actor.UnitId == columnUnitId && (actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.UnitReviewer)));

    public static bool Sees(Actor actor, int columnUnitId) => actor.SeesAllUnits || actor.UnitId == columnUnitId;

    /// <summary>The columns the actor may see (in service; with <paramref name="includeInactive"/> the closed ones too), in tree order.</summary>
    public Task<IReadOnlyList<ColumnRow>> ListAsync(Actor actor, bool includeInactive = false, CancellationToken ct = default) =>
        ListAsync(actor, new RegisterQuery { IncludeClosed = includeInactive }, ct);

    public async Task<IReadOnlyList<ColumnRow>> ListAsync(Actor actor, RegisterQuery query, CancellationToken ct = default)
    {
        var policy = await StalenessPolicy.LoadAsync(settings, ct);
        var today = ChinaTime.Date(time.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Columns.AsNoTracking();
        if (!actor.SeesAllUnits) q = q.Where(c => c.UnitId == actor.UnitId);
        if (query.ColumnId is { } only) q = q.Where(c => c.Id == only);
        if (query.UnitId is { } unit) q = q.Where(c => c.UnitId == unit);
        if (!string.IsNullOrWhiteSpace(query.Category)) q = q.Where(c => c.Category == query.Category);
        q = query.Status switch
        {
            RegisterFilter.Closed => q.Where(c => !c.IsActive),
            RegisterFilter.Suspended => q.Where(c => c.IsActive && c.IsSuspended),
            RegisterFilter.Normal => q.Where(c => c.IsActive && !c.IsSuspended && c.Status == ColumnStatus.Normal),
            RegisterFilter.Warning => q.Where(c => c.IsActive && !c.IsSuspended && c.Status == ColumnStatus.Warning),
            RegisterFilter.Overdue => q.Where(c => c.IsActive && !c.IsSuspended && c.Status == ColumnStatus.Overdue),
            RegisterFilter.Blank => q.Where(c => c.IsActive && !c.IsSuspended && c.Status == ColumnStatus.Blank),
            _ => query.IncludeClosed ? q : q.Where(c => c.IsActive),
        };
        if (Text.PlainText.CleanLine(query.Search) is { Length: > 0 } s)
            q = q.Where(c => c.Path.Contains(s) || c.Unit!.Name.Contains(s) || (c.ResponsiblePerson != null && c.ResponsiblePerson.Contains(s))
                             || (c.StaffA != null && c.StaffA.Contains(s)) || (c.StaffB != null && c.StaffB.Contains(s)));
        var rows = await Project(q).ToListAsync(ct);
        var order = await TreeOrderAsync(db, ct);
        return rows.Select(r => r with { Staleness = Staleness.Evaluate(policy, r.Category, r.CommittedCadenceDays, r.IsActive && !r.IsSuspended,
                r.CreatedAtUtc, r.LastUpdatedAtUtc, today) })
            .OrderBy(r => order.GetValueOrDefault(r.Id, int.MaxValue)).ThenBy(r => r.Id).ToList();
    }

    /// <summary>One column with its updates (newest first), or null when it does not exist or the actor may not see it.</summary>
    public async Task<ColumnDetail?> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var rows = await ListAsync(actor, new RegisterQuery { ColumnId = id, IncludeClosed = true }, ct);
        if (rows.Count == 0) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updates = await db.ColumnUpdates.AsNoTracking().Where(u => u.ColumnId == id).OrderByDescending(u => u.UpdatedAtUtc)
            .ThenByDescending(u => u.Id).Take(20).ToListAsync(ct);
        return new ColumnDetail(rows[0], updates, Manages(actor), Keeps(actor, rows[0].UnitId));
    }

    /// <summary>
    /// The national veto figures over the columns the actor may see: the county's for the county-wide roles, the unit's own
    /// for a unit. Counted from the statuses the daily sweep keeps, columns in service only.
    /// </summary>
    public async Task<VetoFigures> VetoFiguresAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Columns.AsNoTracking().Where(c => c.IsActive && !c.IsSuspended);
        if (!actor.SeesAllUnits) q = q.Where(c => c.UnitId == actor.UnitId);
        var stale = await q.CountAsync(c => c.Status == ColumnStatus.Overdue
            && (c.Category == ColumnCategories.News || c.Category == ColumnCategories.Notice || c.Category == ColumnCategories.Policy), ct);
        var blank = await q.CountAsync(c => c.Status == ColumnStatus.Blank, ct);
        return new VetoFigures(actor.SeesAllUnits, stale, blank);
    }

    /// <summary>The enabled accounts of a unit, for naming A岗/B岗: a manager for any unit, a unit's keeper for its own.</summary>
    public async Task<IReadOnlyList<StaffCandidate>> StaffCandidatesAsync(Actor actor, int unitId, CancellationToken ct = default)
    {
        if (!Keeps(actor, unitId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.UnitId == unitId && !u.IsDisabled).OrderBy(u => u.DisplayName)
            .Select(u => new StaffCandidate(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The parents a column may be created under or moved to: every column in service (managers only).</summary>
    public async Task<IReadOnlyList<(int Id, string Path)>> ParentChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        if (!Manages(actor)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Columns.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Path }).ToListAsync(ct);
        var order = await TreeOrderAsync(db, ct);
        return rows.OrderBy(r => order.GetValueOrDefault(r.Id, int.MaxValue)).Select(r => (r.Id, r.Path)).ToList();
    }

    private static IQueryable<ColumnRow> Project(IQueryable<Column> q) => q.Select(c => new ColumnRow
    {
        Id = c.Id, Name = c.Name, Path = c.Path, ParentId = c.ParentId, UnitId = c.UnitId, UnitName = c.Unit!.Name, Category = c.Category,
        Url = c.Url, ResponsiblePerson = c.ResponsiblePerson, StaffA = c.StaffA, StaffB = c.StaffB, StaffAUserId = c.StaffAUserId,
        StaffBUserId = c.StaffBUserId, CommittedCadenceDays = c.CommittedCadenceDays, SortOrder = c.SortOrder, IsSpecial = c.IsSpecial,
        IsActive = c.IsActive, IsSuspended = c.IsSuspended, StartDate = c.StartDate, EndDate = c.EndDate, CreatedAtUtc = c.CreatedAtUtc,
        LastUpdatedAtUtc = c.LastUpdatedAtUtc, LastUpdateUrl = c.LastUpdateUrl, ClosedAtUtc = c.ClosedAtUtc,
        SourceInstanceId = c.SourceInstanceId, Status = c.Status, LapseCount = c.LapseCount, Version = c.Version,
        Staleness = new StalenessResult(false, null, 0, ColumnStatus.Normal, null),
    });

    /// <summary>Column id → its place in the tree (depth first; siblings by sort order, then name).</summary>
    private static async Task<Dictionary<int, int>> TreeOrderAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var nodes = await db.Columns.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.SortOrder, c.Name }).ToListAsync(ct);
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var children = nodes.ToLookup(n => n.ParentId is { } p && ids.Contains(p) ? p : (int?)null);
        var order = new Dictionary<int, int>();
        var stack = new Stack<int>();
        void PushChildren(int? parent)
        {
            foreach (var n in children[parent].OrderByDescending(n => n.SortOrder).ThenByDescending(n => n.Name, StringComparer.Ordinal)
                         .ThenByDescending(n => n.Id))
                stack.Push(n.Id);
        }
        PushChildren(null);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!order.TryAdd(id, order.Count)) continue; // a cycle in bad data: each column once
            PushChildren(id);
        }
        return order;
    }
}
