using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Deadlines;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.Definitions.ContentReview;

public sealed record ContentRow(long Id, string Number, string Title, string ColumnName, string UnitName, string Category, string State,
    string StateName, int RevisionNo, DateTime CreatedAtUtc, DateTime? PublishedAtUtc, DateTime? DueAtUtc = null);

public sealed record ConcernedUnit(int UnitId, string UnitName, int? ConfirmedRevision, DateTime? ConfirmedAtUtc);

public sealed record ContentDetail(WorkflowInstance Instance, ContentItem Item, string UnitName, string ColumnName, string CreatedByName,
    IReadOnlyList<ConcernedUnit> Concerned, IReadOnlyList<ContentRevision> Revisions, Deadline? OpenDeadline);

public sealed record ContentFields(ContentItem Item, string ColumnName, IReadOnlyList<ContentRevision> Revisions, PreCheckResult PreCheck);

public sealed record ColumnChoice(int Id, string Name, string Category);

/// <summary>W2's reads and commands; role and unit are checked on every one (visibility through the runtime).</summary>
public sealed class ContentService(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, ContentRules rules)
{
    /// <summary>The columns an Editor may publish to: their own unit's active columns (谁主办谁负责, 第4条).</summary>
    public async Task<IReadOnlyList<ColumnChoice>> ColumnsForAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Columns.AsNoTracking().Where(c => c.UnitId == actor.UnitId && c.IsActive && c.Category != ColumnCategories.Navigation)
            .OrderBy(c => c.Name)
            .Select(c => new ColumnChoice(c.Id, c.Name, c.Category)).ToListAsync(ct);
    }

    /// <summary>Runs the pre-check on a form that is being edited (on demand, before saving).</summary>
    public async Task<PreCheckResult> PreCheckAsync(ContentForm form, bool hasInterpretationAttachment = false, CancellationToken ct = default)
    {
        return await rules.PreCheckAsync(new PreCheckInput(form.Title, ContentHtml.Sanitize(form.BodyHtml), form.Category, form.Origin,
            form.SourceOrg, form.HasMap, form.MapApprovalNo, hasInterpretationAttachment || !string.IsNullOrWhiteSpace(form.InterpretationRef)), ct);
    }

    private static async Task<Dictionary<string, string>> CheckReferencesAsync(GovernanceDbContext db, Actor actor, ContentForm form,
        CancellationToken ct)
    {
        var errors = ContentValidator.Validate(form);
        // A heading (栏目导航) holds columns, not items.
        if (form.ColumnId is { } columnId && !await db.Columns.AnyAsync(c => c.Id == columnId && c.UnitId == actor.UnitId && c.IsActive
                && c.Category != ColumnCategories.Navigation, ct))
            errors[nameof(form.ColumnId)] = "只能发布到本单位的栏目";
        var concerned = form.ConcernedUnitIds.Distinct().ToList();
        if (concerned.Contains(actor.UnitId)) errors[nameof(form.ConcernedUnitIds)] = "涉及单位不能包含本单位";
        else if (concerned.Count > 0 && await db.Units.CountAsync(u => concerned.Contains(u.Id) && u.IsActive, ct) != concerned.Count)
            errors[nameof(form.ConcernedUnitIds)] = "涉及单位不存在或已停用";
        return errors;
    }

    public async Task<CreateResult> CreateAsync(Actor actor, ContentForm form, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Editor)) return new(false, null, "只有信息员可以起草信息。", null);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var errors = await CheckReferencesAsync(db, actor, form, ct);
            if (errors.Count > 0) return new(false, null, "请更正表单中的错误。", errors);
        }
        var instance = await runtime.StartAsync(ContentReviewWorkflow.Key, actor, actor.UnitId, PlainText.CleanLine(form.Title), (db, i) =>
        {
            var item = new ContentItem { InstanceId = i.Id, UnitId = actor.UnitId, Title = "", BodyHtml = "", Category = "", Origin = "" };
            form.ApplyTo(item);
            db.ContentItems.Add(item);
            foreach (var unitId in form.ConcernedUnitIds.Distinct())
                db.InstanceParticipants.Add(new InstanceParticipant { InstanceId = i.Id, UnitId = unitId });
        }, ct);
        return new(true, instance.Id, "草稿已保存。", null);
    }

    public Task<FireResult> UpdateAsync(long id, int expectedVersion, Actor actor, ContentForm form, CancellationToken ct = default) =>
        runtime.EditAsync(id, expectedVersion, actor, async (db, instance) =>
        {
            var errors = await CheckReferencesAsync(db, actor, form, ct);
            if (errors.Count > 0) return new Refusal("请更正表单中的错误。", errors);
            var item = await db.ContentItems.FirstAsync(x => x.InstanceId == id, ct);
            form.ApplyTo(item);
            instance.Title = item.Title;
            var wanted = form.ConcernedUnitIds.Distinct().ToHashSet();
            var current = await db.InstanceParticipants.Where(p => p.InstanceId == id).ToListAsync(ct);
            db.InstanceParticipants.RemoveRange(current.Where(p => !wanted.Contains(p.UnitId)));
            foreach (var unitId in wanted.Where(u => current.All(p => p.UnitId != u)))
                db.InstanceParticipants.Add(new InstanceParticipant { InstanceId = id, UnitId = unitId });
            return null;
        }, ct);

    public async Task<ContentDetail?> GetAsync(long id, Actor actor, CancellationToken ct = default)
    {
        var instance = await runtime.FindVisibleAsync(id, actor, ct);
        if (instance is null || instance.DefinitionKey != ContentReviewWorkflow.Key) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ContentItems.AsNoTracking().FirstAsync(x => x.InstanceId == id, ct);
        var unit = await db.Units.Where(u => u.Id == item.UnitId).Select(u => u.Name).FirstAsync(ct);
        var column = await db.Columns.Where(c => c.Id == item.ColumnId).Select(c => c.Name).FirstAsync(ct);
        var creator = await db.Users.Where(u => u.Id == instance.CreatedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var concerned = await db.InstanceParticipants.AsNoTracking().Where(p => p.InstanceId == id)
            .Select(p => new ConcernedUnit(p.UnitId, p.Unit!.Name, p.ConfirmedRevision, p.ConfirmedAtUtc)).ToListAsync(ct);
        var revisions = await db.ContentRevisions.AsNoTracking().Where(r => r.InstanceId == id).OrderByDescending(r => r.RevisionNo).ToListAsync(ct);
        var deadline = await db.Deadlines.AsNoTracking().OpenFor(id).FirstOrDefaultAsync(ct);
        return new ContentDetail(instance, item, unit, column, creator, concerned, revisions, deadline);
    }

    /// <summary>
    /// What the detail page shows of W2's own fields, for an item the runtime has already loaded for the actor (the
    /// <see cref="ItemView"/> is only made for who may see it): the item, its column, its revisions and its pre-check.
    /// </summary>
    public async Task<ContentFields> FieldsAsync(ItemView view, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = view.Instance.Id;
        var item = await db.ContentItems.AsNoTracking().FirstAsync(x => x.InstanceId == id, ct);
        var column = await db.Columns.Where(c => c.Id == item.ColumnId).Select(c => c.Name).FirstAsync(ct);
        var revisions = await db.ContentRevisions.AsNoTracking().Where(r => r.InstanceId == id).OrderByDescending(r => r.RevisionNo).ToListAsync(ct);
        var precheck = await rules.PreCheckAsync(db, item, ct);
        return new ContentFields(item, column, revisions, precheck);
    }

    /// <summary>The pre-check of the item as stored (detail page, reviewers).</summary>
    public async Task<PreCheckResult?> PreCheckStoredAsync(long id, Actor actor, CancellationToken ct = default)
    {
        if (await runtime.FindVisibleAsync(id, actor, ct) is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == id, ct);
        return item is null ? null : await rules.PreCheckAsync(db, item, ct);
    }

    /// <summary>The items the actor may see (owner, handling or concerned unit; county roles all), paged in SQL.</summary>
    public async Task<(IReadOnlyList<ContentRow> Rows, int Total)> ListAsync(Actor actor, string? state, string? search, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = WorkflowLists.Rows(db, actor, ContentReviewWorkflow.Key, db.ContentItems.AsNoTracking(), c => c.InstanceId);
        if (!string.IsNullOrEmpty(state)) q = q.Where(x => x.Row.Instance.State == state);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(x => x.Item.Title.Contains(s) || x.Row.Instance.Number.Contains(s));
        }
        var result = await q.PageAsync(new PageRequest(page, pageSize, "updated"), ct: ct);
        var ids = result.Rows.Select(x => x.Item.ColumnId).Distinct().ToList();
        var columns = await db.Columns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var def = ContentReviewWorkflow.Definition;
        return (result.Rows.Select(x => new ContentRow(x.Row.Instance.Id, x.Row.Instance.Number, x.Item.Title, columns.GetValueOrDefault(x.Item.ColumnId, ""),
            x.Row.OwnerUnit ?? "", x.Item.Category, x.Row.Instance.State, def.StateDisplayName(x.Row.Instance.State), x.Item.RevisionNo,
            x.Row.Instance.CreatedAtUtc, x.Item.PublishedAtUtc, x.Row.DueAtUtc)).ToList(), result.Total);
    }
}
