using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;
using Governance.Workflows.Text;

namespace Governance.Workflows.Admin;

/// <summary>Units (单位): everyone may list them; only Admin changes them.</summary>
public sealed class UnitService(IDbContextFactory<GovernanceDbContext> dbFactory, AuditLog audit)
{
    public async Task<IReadOnlyList<Unit>> ListAsync(bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Units.AsNoTracking();
        if (!includeInactive) q = q.Where(u => u.IsActive);
        return await q.OrderBy(u => u.SortOrder).ThenBy(u => u.Name).ToListAsync(ct);
    }

    public async Task<string?> SaveAsync(Actor actor, int? id, string name, UnitKind kind, bool isActive, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以管理单位。";
        name = PlainText.CleanLine(name);
        if (name.Length is 0 or > 100) return "单位名称不能为空，且不超过 100 字。";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Units.AnyAsync(u => u.Name == name && u.Id != id, ct)) return $"单位“{name}”已存在。";
        Unit? unit;
        if (id is { } existing)
        {
            unit = await db.Units.FindAsync([existing], ct);
            if (unit is null) return "单位不存在。";
            if (!isActive && unit.IsActive && await db.Users.AnyAsync(u => u.UnitId == existing && !u.IsDisabled, ct))
                return "该单位仍有启用的用户，请先调整或停用这些用户。";
        }
        else
        {
            unit = new Unit { Name = name, SortOrder = (await db.Units.MaxAsync(u => (int?)u.SortOrder, ct) ?? 0) + 10 };
            db.Units.Add(unit);
        }
        unit.Name = name;
        unit.Kind = kind;
        unit.IsActive = isActive;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor.UserId, actor.Name, "unit.save", $"单位 {unit.Id} {name} {(isActive ? "启用" : "停用")}", ct);
        return null;
    }
}
