using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.Definitions.ContentReview;

public sealed record ContentRow(long Id, string Number, string Title, string ColumnName, string UnitName, string Category, string State,
    string StateName, int RevisionNo, DateTime CreatedAtUtc, DateTime? PublishedAtUtc);

public sealed record ConcernedUnit(int UnitId, string UnitName, int? ConfirmedRevision, DateTime? ConfirmedAtUtc);

public sealed record ContentDetail(WorkflowInstance Instance, ContentItem Item, string UnitName, string ColumnName, string CreatedByName,
    IReadOnlyList<ConcernedUnit> Concerned, IReadOnlyList<ContentRevision> Revisions, Deadline? OpenDeadline);

public sealed record ColumnChoice(int Id, string Name, string Category);

/// <summary>W2's reads and commands; role and unit are checked on every one (visibility through the runtime).</summary>
public sealed class ContentService(IDbContextFactory<GovernanceDbContext> dbFactory, WorkflowRuntime runtime, PreCheckEngine engine,
    IServiceProvider services)
{
    /// <summary>The columns an Editor may publish to: their own unit's active columns (谁主办谁负责, 第4条).</summary>
    public async Task<IReadOnlyList<ColumnChoice>> ColumnsForAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Columns.AsNoTracking().Where(c => c.UnitId == actor.UnitId && c.IsActive).OrderBy(c => c.Name)
            .Select(c => new ColumnChoice(c.Id, c.Name, c.Category)).ToListAsync(ct);
    }

    /// <summary>Runs the pre-check on a form that is being edited (on demand, before saving).</summary>
    public async Task<PreCheckResult> PreCheckAsync(ContentForm form, bool hasInterpretationAttachment = false, CancellationToken ct = default)
    {
        var rules = await ContentRules.RulesAsync(services, ct);
        return engine.Check(new PreCheckInput(form.Title, ContentHtml.Sanitize(form.BodyHtml), form.Category, form.Origin, form.SourceOrg,
            form.HasMap, form.MapApprovalNo, hasInterpretationAttachment || !string.IsNullOrWhiteSpace(form.InterpretationRef)), rules);
    }

    private static async Task<Dictionary<string, string>> CheckReferencesAsync(GovernanceDbContext db, Actor actor, ContentForm form,
        CancellationToken ct)
    {
        var errors = ContentValidator.Validate(form);
        if (form.ColumnId is { } columnId && !await db.Columns.AnyAsync(c => c.Id == columnId && c.UnitId == actor.UnitId && c.IsActive, ct))
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
        var deadline = await db.Deadlines.AsNoTracking().FirstOrDefaultAsync(d => d.InstanceId == id && d.ClosedAtUtc == null, ct);
        return new ContentDetail(instance, item, unit, column, creator, concerned, revisions, deadline);
    }

    /// <summary>The pre-check of the item as stored (detail page, reviewers).</summary>
    public async Task<PreCheckResult?> PreCheckStoredAsync(long id, Actor actor, CancellationToken ct = default)
    {
        if (await runtime.FindVisibleAsync(id, actor, ct) is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == id, ct);
        return item is null ? null : await ContentRules.PreCheckAsync(db, services, item, ct);
    }

    public async Task<(IReadOnlyList<ContentRow> Rows, int Total)> ListAsync(Actor actor, string? state, string? search, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = from i in db.WorkflowInstances.AsNoTracking()
                where i.DefinitionKey == ContentReviewWorkflow.Key
                join c in db.ContentItems.AsNoTracking() on i.Id equals c.InstanceId
                select new { i, c, Column = c.Column!.Name, Unit = i.OwnerUnit!.Name };
        if (!actor.SeesAllUnits)
            q = q.Where(x => x.i.OwnerUnitId == actor.UnitId
                             || db.InstanceParticipants.Any(p => p.InstanceId == x.i.Id && p.UnitId == actor.UnitId));
        if (!string.IsNullOrEmpty(state)) q = q.Where(x => x.i.State == state);
        if (!string.IsNullOrWhiteSpace(search)) q = q.Where(x => x.c.Title.Contains(search.Trim()) || x.i.Number.Contains(search.Trim()));
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var rows = await q.OrderByDescending(x => x.i.UpdatedAtUtc).Skip(Math.Max(0, page) * size).Take(size).ToListAsync(ct);
        var def = ContentReviewWorkflow.Definition;
        return (rows.Select(x => new ContentRow(x.i.Id, x.i.Number, x.c.Title, x.Column, x.Unit, x.c.Category, x.i.State,
            def.StateDisplayName(x.i.State), x.c.RevisionNo, x.i.CreatedAtUtc, x.c.PublishedAtUtc)).ToList(), total);
    }
}
