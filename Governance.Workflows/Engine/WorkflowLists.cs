using System.Linq.Expressions;
using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Engine;

/// <summary>One instance as lists show it: the row, its owner and handling units, and the open deadline of its step.</summary>
public sealed class InstanceRow
{
    public required WorkflowInstance Instance { get; init; }
    public string? OwnerUnit { get; init; }
    public string? HandlingUnit { get; init; }
    public DateTime? DueAtUtc { get; init; }
}

/// <summary>An instance with its workflow's business row.</summary>
public sealed class ListRow<TItem>
{
    public required InstanceRow Row { get; init; }
    public required TItem Item { get; init; }
}

/// <summary>
/// A page of a list and the number of rows of the whole (filtered) list; when <paramref name="TotalCapped"/>, the list has
/// more than <paramref name="Total"/> rows and only that many are counted (and can be paged through).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Rows, int Total, bool TotalCapped = false);

/// <summary>
/// Which page, how large, sorted by what (a common key or one the workflow adds). <paramref name="CountLimit"/>: count
/// at most that many rows (a list of a county's years is never counted whole; filters narrow it).
/// </summary>
public sealed record PageRequest(int Page = 0, int PageSize = 20, string? SortBy = null, bool Descending = true, int? CountLimit = null)
{
    public const int MaxPageSize = 200;
}

/// <summary>
/// The one list query of every workflow: the items this actor may see (<see cref="Visibility"/>), with the open
/// deadline, filtered, sorted and paged in SQL. Each workflow's list joins its business table onto it and adds its
/// own filters and sort keys.
/// </summary>
public static class WorkflowLists
{
    /// <summary>The instances of <paramref name="definitionKey"/> (all workflows when null) that the actor may see.</summary>
    public static IQueryable<InstanceRow> Rows(GovernanceDbContext db, Actor actor, string? definitionKey = null)
    {
        var instances = db.WorkflowInstances.AsNoTracking().AsQueryable();
        if (definitionKey is not null) instances = instances.Where(i => i.DefinitionKey == definitionKey);
        return instances.VisibleTo(db, actor).Select(i => new InstanceRow
        {
            Instance = i,
            OwnerUnit = i.OwnerUnit != null ? i.OwnerUnit.Name : null,
            HandlingUnit = i.HandlingUnit != null ? i.HandlingUnit.Name : null,
            // The open deadline of the current step, kept on the instance by the planner (index (DefinitionKey, DueAtUtc)).
            DueAtUtc = i.DueAtUtc,
        });
    }

    /// <summary>The visible instances of one workflow joined to its business rows.</summary>
    public static IQueryable<ListRow<TItem>> Rows<TItem>(GovernanceDbContext db, Actor actor, string definitionKey, IQueryable<TItem> items,
        Expression<Func<TItem, long>> instanceId) =>
        Rows(db, actor, definitionKey).Join(items, r => r.Instance.Id, instanceId, (r, x) => new ListRow<TItem> { Row = r, Item = x });

    /// <summary>
    /// Sorts (by a common key — number, state, unit, handling, due, created, updated — or one of <paramref name="sorts"/>),
    /// counts and pages in SQL.
    /// </summary>
    public static async Task<Page<ListRow<TItem>>> PageAsync<TItem>(this IQueryable<ListRow<TItem>> query, PageRequest request,
        IReadOnlyDictionary<string, Func<IQueryable<ListRow<TItem>>, bool, IOrderedQueryable<ListRow<TItem>>>>? sorts = null,
        CancellationToken ct = default)
    {
        int total;
        var capped = false;
        if (request.CountLimit is { } limit)
        {
            // Counts stop after the limit: the cost of the count does not grow with the years behind the list.
            // In the order of the index (DefinitionKey, DueAtUtc): no sort, and a row limit with an order (EF Core's warning).
            total = await query.OrderBy(x => x.Row.Instance.DefinitionKey).ThenBy(x => x.Row.Instance.DueAtUtc).Take(limit + 1).CountAsync(ct);
            if (total > limit) (total, capped) = (limit, true);
        }
        else total = await query.CountAsync(ct);
        var desc = request.Descending;
        var size = Math.Clamp(request.PageSize, 1, PageRequest.MaxPageSize);
        var skip = Math.Max(0, request.Page) * size;
        if (request.SortBy == "due") return new Page<ListRow<TItem>>(await DueFirstAsync(query, desc, skip, size, ct), total, capped);
        IOrderedQueryable<ListRow<TItem>> ordered = request.SortBy switch
        {
            "number" => Order(query, x => x.Row.Instance.Id, desc),
            "state" => Order(query, x => x.Row.Instance.State, desc),
            "unit" => Order(query, x => x.Row.OwnerUnit, desc),
            "handling" => Order(query, x => x.Row.HandlingUnit, desc),
            "updated" => Order(query, x => x.Row.Instance.UpdatedAtUtc, desc),
            { } key when sorts is not null && sorts.TryGetValue(key, out var sort) => sort(query, desc),
            _ => Order(query, x => x.Row.Instance.CreatedAtUtc, desc),
        };
        var rows = await ordered.ThenByDescending(x => x.Row.Instance.Id).Skip(skip).Take(size).ToListAsync(ct);
        return new Page<ListRow<TItem>>(rows, total, capped);
    }

    /// <summary>
    /// Sorted by deadline, items without one last (newest first): the items with an open deadline — a range of the index
    /// (DefinitionKey, DueAtUtc), only what is open — then, once they are paged past, the others in id order along the same
    /// index (DueAtUtc IS NULL). One ORDER BY over "DueAtUtc IS NULL" would sort every row of the list first.
    /// </summary>
    private static async Task<List<ListRow<TItem>>> DueFirstAsync<TItem>(IQueryable<ListRow<TItem>> query, bool desc, int skip, int size,
        CancellationToken ct)
    {
        var withDue = query.Where(x => x.Row.DueAtUtc != null);
        var dueCount = await withDue.CountAsync(ct);
        var rows = new List<ListRow<TItem>>(size);
        if (skip < dueCount)
        {
            var ordered = desc ? withDue.OrderByDescending(x => x.Row.DueAtUtc) : withDue.OrderBy(x => x.Row.DueAtUtc);
            rows.AddRange(await ordered.ThenByDescending(x => x.Row.Instance.Id).Skip(skip).Take(size).ToListAsync(ct));
        }
        if (rows.Count < size)
            rows.AddRange(await query.Where(x => x.Row.DueAtUtc == null).OrderByDescending(x => x.Row.Instance.Id)
                .Skip(Math.Max(0, skip - dueCount)).Take(size - rows.Count).ToListAsync(ct));
        return rows;
    }

    /// <summary>A sort key a workflow adds to its list (e.g. the column name).</summary>
    public static Func<IQueryable<ListRow<TItem>>, bool, IOrderedQueryable<ListRow<TItem>>> SortBy<TItem, TKey>(
        Expression<Func<ListRow<TItem>, TKey>> key) => (q, desc) => Order(q, key, desc);

    private static IOrderedQueryable<T> Order<T, TKey>(IQueryable<T> q, Expression<Func<T, TKey>> key, bool desc) =>
        desc ? q.OrderByDescending(key) : q.OrderBy(key);
}
