using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Calendar;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.Definitions.ColumnRequests;

public sealed record ColumnRequestRow(long Id, string Number, string ColumnName, string UnitName, int UnitId, string State,
    string StateName, DateOnly StartDate, DateOnly EndDate, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, DateTime? DueAtUtc);

public sealed record ColumnRequestDetail(WorkflowInstance Instance, ColumnRequest Request, string UnitName, string CreatedByName,
    Deadline? OpenDeadline);

public sealed class ColumnRequestQuery
{
    public string? State { get; set; }
    public int? UnitId { get; set; }
    public DateTime? CreatedFrom { get; set; }
    public DateTime? CreatedTo { get; set; }
    public string? Search { get; set; }
    /// <summary>number, name, unit, state, start, created, updated.</summary>
    public string? SortBy { get; set; }
    public bool Descending { get; set; } = true;
    public int Page { get; set; }
    public int PageSize { get; set; } = 20;
}

public sealed record CreateResult(bool Succeeded, long? InstanceId, string Message, IReadOnlyDictionary<string, string>? Errors);

/// <summary>W1's reads and commands, with role and unit checked on every one.</summary>
public sealed class ColumnRequestService(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime)
{
    private WorkflowDefinition Def => runtime.Registry.Latest(ColumnRequestWorkflow.Key);

    public async Task<CreateResult> CreateAsync(Actor actor, ColumnRequestForm form, bool submit, CancellationToken ct = default)
    {
        // 第7条: the unit's 信息员 applies for its own unit.
        if (!actor.IsInRole(Roles.Editor)) return new(false, null, "只有信息员可以提交专栏开设申请。", null);
        var errors = ColumnRequestValidator.Validate(form);
        if (errors.Count > 0) return new(false, null, "请更正表单中的错误。", errors);
        var instance = await runtime.StartAsync(ColumnRequestWorkflow.Key, actor, actor.UnitId, PlainText.CleanLine(form.ColumnName), (db, i) =>
        {
            var r = new ColumnRequest
            {
                InstanceId = i.Id, UnitId = actor.UnitId, ColumnName = "", Purpose = "", ResponsiblePerson = "", StaffA = "",
                StaffB = "", UpdateCadence = "", ContentSources = "",
            };
            form.ApplyTo(r);
            db.ColumnRequests.Add(r);
        }, ct);
        if (submit)
        {
            var fired = await runtime.FireAsync(instance.Id, instance.Version, ColumnRequestWorkflow.T.Submit, actor, FireInput.Empty, ct);
            if (!fired.Succeeded) return new(false, instance.Id, "已保存为草稿，但提交失败：" + fired.Message, fired.FieldErrors);
            return new(true, instance.Id, "申请已提交，等待单位审核。", null);
        }
        return new(true, instance.Id, "已保存为草稿。", null);
    }

    public Task<FireResult> UpdateAsync(long id, int expectedVersion, Actor actor, ColumnRequestForm form, CancellationToken ct = default)
    {
        var errors = ColumnRequestValidator.Validate(form);
        if (errors.Count > 0) return Task.FromResult(FireResult.Invalid("请更正表单中的错误。", errors));
        return runtime.EditAsync(id, expectedVersion, actor, async (db, instance) =>
        {
            var r = await db.ColumnRequests.FirstAsync(x => x.InstanceId == id, ct);
            form.ApplyTo(r);
            instance.Title = r.ColumnName;
            return null;
        }, ct);
    }

    public async Task<ColumnRequestDetail?> GetAsync(long id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from i in db.WorkflowInstances.AsNoTracking()
            where i.Id == id && i.DefinitionKey == ColumnRequestWorkflow.Key
            join r in db.ColumnRequests.AsNoTracking() on i.Id equals r.InstanceId
            join u in db.Units on r.UnitId equals u.Id
            join c in db.Users on i.CreatedByUserId equals c.Id into cs
            from c in cs.DefaultIfEmpty()
            select new { i, r, Unit = u.Name, Creator = c != null ? c.DisplayName : "" }).FirstOrDefaultAsync(ct);
        // Another unit's item: not found, never its data.
        if (row is null || !await Visibility.CanSeeAsync(db, row.i, actor, ct)) return null;
        var deadline = await db.Deadlines.AsNoTracking().OpenFor(id).FirstOrDefaultAsync(ct);
        return new ColumnRequestDetail(row.i, row.r, row.Unit, row.Creator, deadline);
    }

    /// <summary>W1's fields of an item the runtime has already loaded for the actor (an <see cref="ItemView"/> is only made for who may see it).</summary>
    public async Task<ColumnRequest?> RequestAsync(ItemView view, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ColumnRequests.AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == view.Instance.Id, ct);
    }

    private static readonly Dictionary<string, Func<IQueryable<ListRow<ColumnRequest>>, bool, IOrderedQueryable<ListRow<ColumnRequest>>>> Sorts = new()
    {
        ["name"] = WorkflowLists.SortBy<ColumnRequest, string>(x => x.Item.ColumnName),
        ["start"] = WorkflowLists.SortBy<ColumnRequest, DateOnly>(x => x.Item.StartDate),
    };

    /// <summary>The requests the actor may see, filtered, sorted and paged in SQL (the one list query).</summary>
    public async Task<(IReadOnlyList<ColumnRequestRow> Rows, int Total)> ListAsync(Actor actor, ColumnRequestQuery query,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = WorkflowLists.Rows(db, actor, ColumnRequestWorkflow.Key, db.ColumnRequests.AsNoTracking(), r => r.InstanceId);
        if (!string.IsNullOrEmpty(query.State)) q = q.Where(x => x.Row.Instance.State == query.State);
        if (query.UnitId is { } unit) q = q.Where(x => x.Item.UnitId == unit);
        if (query.CreatedFrom is { } from) q = q.Where(x => x.Row.Instance.CreatedAtUtc >= ChinaTime.ToUtc(from.Date));
        if (query.CreatedTo is { } to) q = q.Where(x => x.Row.Instance.CreatedAtUtc < ChinaTime.ToUtc(to.Date.AddDays(1)));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim();
            q = q.Where(x => x.Item.ColumnName.Contains(s) || x.Row.Instance.Number.Contains(s));
        }
        var page = await q.PageAsync(new PageRequest(query.Page, query.PageSize, query.SortBy, query.Descending), Sorts, ct);
        var def = Def;
        return (page.Rows.Select(x => new ColumnRequestRow(x.Row.Instance.Id, x.Row.Instance.Number, x.Item.ColumnName, x.Row.OwnerUnit ?? "",
            x.Item.UnitId, x.Row.Instance.State, def.StateDisplayName(x.Row.Instance.State), x.Item.StartDate, x.Item.EndDate,
            x.Row.Instance.CreatedAtUtc, x.Row.Instance.UpdatedAtUtc, x.Row.DueAtUtc)).ToList(), page.Total);
    }
}
