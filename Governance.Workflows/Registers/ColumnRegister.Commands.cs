using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Text;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Registers;

/// <summary>
/// The register's commands. Each is one transaction (SQLite BEGIN IMMEDIATE): the column is read, the actor checked, the
/// expected version compared (a stale dialog gets <see cref="RegisterResult.ConflictMessage"/>), the change applied with an
/// audit entry, the version bumped. Anything refused changes nothing.
/// </summary>
public sealed partial class ColumnRegister
{
    private const string ManagersOnly = "只有监测员或系统管理员可以{0}。";

    private static string ManagersOnlyTo(string what) => string.Format(CultureInfo.InvariantCulture, ManagersOnly, what);

    /// <summary>新增栏目 (managers).</summary>
    public async Task<RegisterResult> CreateAsync(Actor actor, ColumnForm form, CancellationToken ct = default)
    {
        if (!Manages(actor)) return RegisterResult.Forbidden(ManagersOnlyTo("新增栏目"));
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (column, refusal) = await AddAsync(db, actor, form, now, ct);
        if (refusal is not null) return refusal;
        await tx.CommitAsync(ct);
        return new RegisterResult(RegisterStatus.Applied, $"已新增栏目“{column!.Path}”。", column.Id, column.Version);
    }

    /// <summary>Adds a column inside the caller's transaction (the dialog and the import): checked, saved, audited.</summary>
    internal static async Task<(Column? Column, RegisterResult? Refusal)> AddAsync(GovernanceDbContext db, Actor actor, ColumnForm form,
        DateTime now, CancellationToken ct)
    {
        var f = form.Cleaned();
        await FillStaffNamesAsync(db, f, ct);
        var errors = ColumnValidator.Validate(f);
        // 第7条: a special column exists only once 县行政审批服务局 has approved its W1 request, whose setup registers it.
        if (f.Category == ColumnCategories.Special)
            errors.TryAdd(nameof(f.Category), "专题专栏须经开设申请批准后由开通环节登记（第7条），不能在台账中直接新增");
        if (errors.Count > 0) return (null, RegisterResult.Invalid(errors));
        string? parentPath = null;
        if (f.ParentId is { } parentId)
        {
            parentPath = await db.Columns.Where(c => c.Id == parentId && c.IsActive).Select(c => c.Path).FirstOrDefaultAsync(ct);
            if (parentPath is null) return (null, RegisterResult.Invalid(nameof(f.ParentId), "上级栏目不存在或已关停"));
        }
        if (await CheckReferencesAsync(db, f, f.ParentId, null, ct) is { } bad) return (null, bad);
        var path = parentPath is null ? f.Name! : parentPath + ColumnValidator.PathSeparator + f.Name;
        if (path.Length > ColumnValidator.MaxPathLength)
            return (null, RegisterResult.Invalid(nameof(f.Name), $"栏目路径不能超过 {ColumnValidator.MaxPathLength} 字"));
        var column = new Column
        {
            Name = f.Name!, ParentId = f.ParentId, Path = path, UnitId = f.UnitId!.Value, Category = f.Category!, CreatedAtUtc = now,
            Status = ColumnStatus.Normal, StatusChangedAtUtc = now, IsActive = true, Version = 1,
        };
        Apply(column, f);
        db.Columns.Add(column);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.create",
            $"新增栏目 {column.Id}“{column.Path}”（{await UnitNameAsync(db, column.UnitId, ct)}，{column.Category}）", now, ct);
        await db.SaveChangesAsync(ct);
        return (column, null);
    }

    /// <summary>修改栏目 (managers): name, unit, category, address, people, cadence, order, dates. A rename carries the subtree's paths.</summary>
    public Task<RegisterResult> UpdateAsync(Actor actor, int id, int expectedVersion, ColumnForm form, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Manages(actor) ? null : ManagersOnlyTo("修改栏目"),
            (db, column, now) => EditAsync(db, actor, column, form, now, ct), "已保存。", ct);

    /// <summary>Applies an edit inside the caller's transaction (the dialog and the import); null when applied. The version is the caller's.</summary>
    internal static async Task<RegisterResult?> EditAsync(GovernanceDbContext db, Actor actor, Column column, ColumnForm form, DateTime now,
        CancellationToken ct)
    {
        var f = form.Cleaned();
        f.ParentId = column.ParentId;
        await FillStaffNamesAsync(db, f, ct);
        var errors = ColumnValidator.Validate(f);
        if (column.IsSpecial && f.Category != ColumnCategories.Special)
            errors.TryAdd(nameof(f.Category), "专题专栏的类别不能修改");
        if (!column.IsSpecial && f.Category == ColumnCategories.Special)
            errors.TryAdd(nameof(f.Category), "专题专栏须经开设申请批准后由开通环节登记（第7条）");
        if (column.IsSpecial && f.UnitId != column.UnitId)
            errors.TryAdd(nameof(f.UnitId), "专题专栏的保障单位即申请单位，不能修改");
        if (errors.Count > 0) return RegisterResult.Invalid(errors);
        if (!column.IsActive) return RegisterResult.Invalid(nameof(f.Name), "栏目已关停，不能修改");
        if (await CheckReferencesAsync(db, f, column.ParentId, column.Id, ct) is { } bad) return bad;
        var before = Describe(column);
        if (f.Name != column.Name && await RepathAsync(db, column, column.ParentId, f.Name!, ct) is { } tooLong) return tooLong;
        column.UnitId = f.UnitId!.Value;
        column.Category = f.Category!;
        Apply(column, f);
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.edit", $"修改栏目 {column.Id}：{before} → {Describe(column)}", now, ct);
        return null;
    }

    /// <summary>栏目负责人、A岗、B岗 (第19条(一)(二)): the column's own unit (Editor, UnitReviewer) or a manager.</summary>
    public Task<RegisterResult> UpdatePeopleAsync(Actor actor, int id, int expectedVersion, ColumnPeopleForm form, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Keeps(actor, c.UnitId) ? null : "只有本单位的信息员、单位审核人或监测员可以修改栏目人员。",
            async (db, column, now) =>
            {
                var f = new ColumnForm
                {
                    Name = column.Name, UnitId = column.UnitId, Category = column.Category, ResponsiblePerson = form.ResponsiblePerson,
                    StaffA = form.StaffA, StaffB = form.StaffB, StaffAUserId = form.StaffAUserId, StaffBUserId = form.StaffBUserId,
                }.Cleaned();
                if (!column.IsActive) return RegisterResult.Invalid(nameof(f.ResponsiblePerson), "栏目已关停，不能修改");
                await FillStaffNamesAsync(db, f, ct);
                var errors = ColumnValidator.Validate(column.Category,
                    new ColumnPeopleForm { ResponsiblePerson = f.ResponsiblePerson, StaffA = f.StaffA, StaffB = f.StaffB, StaffAUserId = f.StaffAUserId, StaffBUserId = f.StaffBUserId });
                if (errors.Count > 0) return RegisterResult.Invalid(errors);
                if (await CheckStaffAccountsAsync(db, f, column.UnitId, ct) is { } bad) return bad;
                var before = People(column);
                column.ResponsiblePerson = f.ResponsiblePerson;
                column.StaffA = f.StaffA;
                column.StaffB = f.StaffB;
                column.StaffAUserId = f.StaffAUserId;
                column.StaffBUserId = f.StaffBUserId;
                await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.people",
                    $"栏目 {column.Id}“{column.Path}”人员：{before} → {People(column)}", now, ct);
                return null;
            }, "栏目人员已保存。", ct);

    /// <summary>移动 (managers): a new parent (null: top level) and place; the subtree's paths follow; never under itself.</summary>
    public Task<RegisterResult> MoveAsync(Actor actor, int id, int expectedVersion, int? newParentId, int sortOrder, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Manages(actor) ? null : ManagersOnlyTo("移动栏目"), async (db, column, now) =>
        {
            if (sortOrder is < 0 or > 9999) return RegisterResult.Invalid("SortOrder", "排序号须在 0 至 9999 之间");
            if (newParentId is { } parentId)
            {
                var parent = await db.Columns.AsNoTracking().Where(c => c.Id == parentId).Select(c => new { c.IsActive }).FirstOrDefaultAsync(ct);
                if (parent is null || !parent.IsActive) return RegisterResult.Invalid("ParentId", "上级栏目不存在或已关停");
                // No cycles: the new parent is neither the column nor anything below it.
                for (int? at = parentId, steps = 0; at is { } cur && steps < 100; steps++)
                {
                    if (cur == column.Id) return RegisterResult.Invalid("ParentId", "不能把栏目移到它自己或它的下级栏目之下");
                    at = await db.Columns.Where(c => c.Id == cur).Select(c => c.ParentId).FirstOrDefaultAsync(ct);
                }
            }
            if (await SiblingNamedAsync(db, newParentId, column.Name, column.Id, ct))
                return RegisterResult.Invalid("ParentId", $"目标位置已有名为“{column.Name}”的栏目");
            var before = column.Path;
            if (await RepathAsync(db, column, newParentId, column.Name, ct) is { } tooLong) return tooLong;
            column.ParentId = newParentId;
            column.SortOrder = sortOrder;
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.move", $"移动栏目 {column.Id}：“{before}” → “{column.Path}”（排序 {sortOrder}）", now, ct);
            return null;
        }, "已移动。", ct);

    /// <summary>暂停更新 (managers, with the reason): the sweep stops watching the column until it is resumed.</summary>
    public Task<RegisterResult> SuspendAsync(Actor actor, int id, int expectedVersion, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Manages(actor) ? null : ManagersOnlyTo("暂停栏目"), async (db, column, now) =>
        {
            var why = PlainText.CleanLine(reason);
            if (why.Length == 0) return RegisterResult.Invalid("reason", "请填写暂停原因");
            if (why.Length > 500) return RegisterResult.Invalid("reason", "原因不能超过 500 字");
            if (!column.IsActive) return RegisterResult.Invalid("reason", "栏目已关停");
            if (column.IsSuspended) return RegisterResult.Invalid("reason", "栏目已处于暂停状态");
            column.IsSuspended = true;
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.suspend", $"暂停栏目 {column.Id}“{column.Path}”：{why}", now, ct);
            return null;
        }, "栏目已暂停更新监测。", ct);

    /// <summary>
    /// 恢复 (managers): watched again from the next sweep, counted from its last update as before — a column that stayed
    /// stale while suspended is stale when it comes back (the unit updates it on resuming).
    /// </summary>
    public Task<RegisterResult> ResumeAsync(Actor actor, int id, int expectedVersion, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Manages(actor) ? null : ManagersOnlyTo("恢复栏目"), async (db, column, now) =>
        {
            if (!column.IsActive) return RegisterResult.Invalid("reason", "栏目已关停，不能恢复");
            if (!column.IsSuspended) return RegisterResult.Invalid("reason", "栏目未暂停");
            column.IsSuspended = false;
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.resume", $"恢复栏目 {column.Id}“{column.Path}”", now, ct);
            return null;
        }, "栏目已恢复更新监测。", ct);

    /// <summary>关停 an ordinary column (managers, with the reason); a special column closes through its W1 request.</summary>
    public Task<RegisterResult> CloseAsync(Actor actor, int id, int expectedVersion, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, c => Manages(actor) ? null : ManagersOnlyTo("关停栏目"), async (db, column, now) =>
        {
            var why = PlainText.CleanLine(reason);
            if (why.Length == 0) return RegisterResult.Invalid("reason", "请填写关停原因");
            if (why.Length > 500) return RegisterResult.Invalid("reason", "原因不能超过 500 字");
            if (!column.IsActive) return RegisterResult.Invalid("reason", "栏目已关停");
            if (column.IsSpecial) return RegisterResult.Invalid("reason", "专题专栏须由保障单位在开设申请中提出“申请调整/关停”，经县行政审批服务局同意后关停");
            if (await db.Columns.AnyAsync(c => c.ParentId == column.Id && c.IsActive, ct))
                return RegisterResult.Invalid("reason", "该栏目下还有未关停的下级栏目，请先关停或移走下级栏目");
            column.IsActive = false;
            column.ClosedAtUtc = now;
            await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.close", $"关停栏目 {column.Id}“{column.Path}”：{why}", now, ct);
            return null;
        }, "栏目已关停。", ct);

    /// <summary>
    /// 登记更新: the unit (or a manager) records an update published outside W2 — the China date of the new item (not in the
    /// future) and its http(s) address. The column returns to 正常 (第13条).
    /// </summary>
    public async Task<RegisterResult> RecordUpdateAsync(Actor actor, int id, ColumnUpdateForm form, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var policy = await StalenessPolicy.LoadAsync(settings, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var column = await db.Columns.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (column is null || !Sees(actor, column.UnitId)) return RegisterResult.NotFound();
        if (!Keeps(actor, column.UnitId)) return RegisterResult.Forbidden("只有本单位的信息员、单位审核人或监测员可以登记栏目更新。");
        if (!column.IsActive) return RegisterResult.Invalid("Date", "栏目已关停，不能登记更新");
        var errors = ColumnValidator.Validate(form, today);
        if (errors.Count > 0) return RegisterResult.Invalid(errors);
        var date = form.Date!.Value;
        // Today: the moment of recording; an earlier day: that day's midnight in China (only the China date counts).
        var updatedAt = date == today ? now : ChinaTime.ToUtc(date.ToDateTime(TimeOnly.MinValue));
        var url = PlainText.CleanLine(form.Url);
        ColumnUpdates.Record(db, column, updatedAt, url, PlainText.CleanOrNull(PlainText.CleanLine(form.Title)), ColumnUpdates.Manual, null,
            actor.UserId, now, policy);
        column.Version++;
        await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "column.update",
            $"登记栏目 {column.Id}“{column.Path}”更新：{date:yyyy-MM-dd} {url}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RegisterResult(RegisterStatus.Applied, $"已登记 {date:yyyy-MM-dd} 的更新。", column.Id, column.Version);
    }

    /// <summary>The frame of every versioned command: not found, forbidden, conflict, apply (null: applied), version, commit.</summary>
    private async Task<RegisterResult> ChangeAsync(Actor actor, int id, int expectedVersion, Func<Column, string?> authorize,
        Func<GovernanceDbContext, Column, DateTime, Task<RegisterResult?>> apply, string done, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var column = await db.Columns.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (column is null || !Sees(actor, column.UnitId)) return RegisterResult.NotFound();
        if (authorize(column) is { } denied) return RegisterResult.Forbidden(denied);
        if (column.Version != expectedVersion) return RegisterResult.Conflict();
        if (await apply(db, column, now) is { } refused) return refused;
        column.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegisterResult.Conflict();
        }
        return new RegisterResult(RegisterStatus.Applied, done, column.Id, column.Version);
    }

    /// <summary>The form's fields a command sets besides name, parent, unit and category.</summary>
    private static void Apply(Column column, ColumnForm f)
    {
        column.Url = f.Url;
        column.ResponsiblePerson = f.ResponsiblePerson;
        column.StaffA = f.StaffA;
        column.StaffB = f.StaffB;
        column.StaffAUserId = f.StaffAUserId;
        column.StaffBUserId = f.StaffBUserId;
        column.CommittedCadenceDays = f.CommittedCadenceDays;
        column.SortOrder = f.SortOrder;
        column.StartDate = f.StartDate;
        column.EndDate = f.EndDate;
    }

    /// <summary>
    /// Gives the column a new parent and name in the tree: its path and every descendant's follow (each bumps its version, so
    /// a dialog open on a descendant is stale). Null when done; a refusal when a path would grow too long.
    /// </summary>
    internal static async Task<RegisterResult?> RepathAsync(GovernanceDbContext db, Column column, int? parentId, string name, CancellationToken ct)
    {
        var parentPath = parentId is { } p ? await db.Columns.Where(c => c.Id == p).Select(c => c.Path).FirstAsync(ct) : null;
        var newPath = parentPath is null ? name : parentPath + ColumnValidator.PathSeparator + name;
        var oldPrefix = column.Path + ColumnValidator.PathSeparator;
        var descendants = await db.Columns.Where(c => c.Path.StartsWith(oldPrefix)).ToListAsync(ct);
        if (newPath.Length > ColumnValidator.MaxPathLength
            || descendants.Any(d => newPath.Length + d.Path.Length - column.Path.Length > ColumnValidator.MaxPathLength))
            return RegisterResult.Invalid("Name", $"栏目路径（含下级栏目）不能超过 {ColumnValidator.MaxPathLength} 字");
        foreach (var d in descendants)
        {
            d.Path = newPath + d.Path[column.Path.Length..];
            d.Version++;
        }
        column.Path = newPath;
        column.Name = name;
        return null;
    }

    /// <summary>The unit is in use, no sibling has the name, the A/B accounts belong to the unit.</summary>
    private static async Task<RegisterResult?> CheckReferencesAsync(GovernanceDbContext db, ColumnForm f, int? parentId, int? selfId, CancellationToken ct)
    {
        if (!await db.Units.AnyAsync(u => u.Id == f.UnitId && u.IsActive, ct))
            return RegisterResult.Invalid(nameof(f.UnitId), "请选择在用的保障单位");
        if (await SiblingNamedAsync(db, parentId, f.Name!, selfId, ct))
            return RegisterResult.Invalid(nameof(f.Name), $"同一上级栏目下已有名为“{f.Name}”的栏目");
        return await CheckStaffAccountsAsync(db, f, f.UnitId!.Value, ct);
    }

    private static Task<bool> SiblingNamedAsync(GovernanceDbContext db, int? parentId, string name, int? selfId, CancellationToken ct) =>
        db.Columns.AnyAsync(c => c.ParentId == parentId && c.Name == name && c.IsActive && c.Id != selfId, ct);

    /// <summary>第19条(二): an A岗/B岗 account is an enabled user of the column's own unit.</summary>
    private static async Task<RegisterResult?> CheckStaffAccountsAsync(GovernanceDbContext db, ColumnForm f, int unitId, CancellationToken ct)
    {
        foreach (var (key, userId, label) in new[] { (nameof(f.StaffAUserId), f.StaffAUserId, "A岗"), (nameof(f.StaffBUserId), f.StaffBUserId, "B岗") })
        {
            if (userId is not null && !await db.Users.AnyAsync(u => u.Id == userId && u.UnitId == unitId && !u.IsDisabled, ct))
                return RegisterResult.Invalid(key, $"{label}账号须为本栏目保障单位的在用账号");
        }
        return null;
    }

    /// <summary>An account named without a name: the account's display name is the name.</summary>
    private static async Task FillStaffNamesAsync(GovernanceDbContext db, ColumnForm f, CancellationToken ct)
    {
        if (f.StaffAUserId is { } a && f.StaffA is null)
            f.StaffA = await db.Users.Where(u => u.Id == a).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        if (f.StaffBUserId is { } b && f.StaffB is null)
            f.StaffB = await db.Users.Where(u => u.Id == b).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
    }

    private static Task<string> UnitNameAsync(GovernanceDbContext db, int unitId, CancellationToken ct) =>
        db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstAsync(ct);

    private static string People(Column c) => $"负责人 {c.ResponsiblePerson ?? "—"}，A岗 {c.StaffA ?? "—"}，B岗 {c.StaffB ?? "—"}";

    private static string Describe(Column c) =>
        $"“{c.Path}” 单位{c.UnitId} {c.Category} {c.Url ?? "—"} {People(c)} 承诺{c.CommittedCadenceDays?.ToString(CultureInfo.InvariantCulture) ?? "—"}天 "
        + $"{c.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}~{c.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}";
}
