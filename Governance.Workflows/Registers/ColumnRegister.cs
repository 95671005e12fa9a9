using Governance.Data;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Registers;

public sealed record ColumnRow(int Id, string Name, string UnitName, string Category, string? Url, string? StaffA, string? StaffB,
    bool IsSpecial, bool IsActive, DateOnly? StartDate, DateOnly? EndDate, DateTime CreatedAtUtc, DateTime? LastUpdatedAtUtc,
    long? SourceInstanceId, string? ResponsiblePerson = null);

/// <summary>栏目台账 (第10条, 第13条, 第19条(二)): every column; unit roles see their own unit's.</summary>
public sealed class ColumnRegister(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ColumnRow>> ListAsync(Actor actor, bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Columns.AsNoTracking().AsQueryable();
        if (!actor.SeesAllUnits) q = q.Where(c => c.UnitId == actor.UnitId);
        if (!includeInactive) q = q.Where(c => c.IsActive);
        return await q.OrderBy(c => c.Unit!.SortOrder).ThenBy(c => c.Name)
            .Select(c => new ColumnRow(c.Id, c.Name, c.Unit!.Name, c.Category, c.Url, c.StaffA, c.StaffB, c.IsSpecial, c.IsActive,
                c.StartDate, c.EndDate, c.CreatedAtUtc, c.LastUpdatedAtUtc, c.SourceInstanceId, c.ResponsiblePerson))
            .ToListAsync(ct);
    }
}
