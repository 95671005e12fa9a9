using System.Collections.Concurrent;
using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Settings;

/// <summary>Admin-editable settings with defaults in code; cached, refreshed on every write through this service.</summary>
public sealed class SettingsService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string?> _cache = new();

    public async Task<int> GetIntAsync(string key, int defaultValue, CancellationToken ct = default)
    {
        var raw = await GetAsync(key, ct);
        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : defaultValue;
    }

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(key, out var cached)) return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        _cache[key] = value;
        return value;
    }

    public async Task<IReadOnlyList<Setting>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Settings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct);
    }

    public async Task SetAsync(string key, string value, string? userName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Settings.FindAsync([key], ct);
        if (row is null) db.Settings.Add(row = new Setting { Key = key, Value = value });
        row.Value = value;
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        row.UpdatedBy = userName;
        await db.SaveChangesAsync(ct);
        _cache[key] = value;
    }
}
