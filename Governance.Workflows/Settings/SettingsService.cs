using System.Collections.Concurrent;
using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Settings;

/// <summary>One key of <see cref="SettingsService.SetManyAsync"/>: null removes it; a secret is audited without its value.</summary>
public sealed record SettingChange(string Key, string? Value, bool Secret = false);

/// <summary>Admin-editable settings with defaults in code; cached, refreshed on every write through this service.</summary>
public sealed class SettingsService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, AuditLog audit)
{
    private readonly ConcurrentDictionary<string, string?> _cache = new();

    public async Task<int> GetIntAsync(string key, int defaultValue, CancellationToken ct = default)
    {
        var raw = await GetAsync(key, ct);
        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : defaultValue;
    }

    public async Task<bool> GetBoolAsync(string key, bool defaultValue, CancellationToken ct = default) =>
        await GetAsync(key, ct) switch { "true" => true, "false" => false, _ => defaultValue };

    /// <summary>Sets an on/off setting (Admin only) and writes an audit entry. Returns a Chinese error, or null.</summary>
    public async Task<string?> SetBoolAsync(Actor actor, string key, bool value, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以修改设置。";
        if (string.IsNullOrWhiteSpace(key)) return "设置项无效。";
        var old = await GetAsync(key, ct);
        var text = value ? "true" : "false";
        if (old == text) return null;
        await SetAsync(key, text, actor.Name, ct);
        await audit.WriteAsync(actor.UserId, actor.Name, "setting.change", $"{key}: {old ?? "（默认）"} → {text}", ct);
        return null;
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

    /// <summary>
    /// Sets several settings at once (Admin only): one transaction with an audit entry per changed key, so a group of
    /// settings (the mail server's) is never half saved. A null value removes the key (its default applies again). A
    /// secret's audit entry says that it changed, never what to. The caller validates the values first.
    /// </summary>
    public async Task<string?> SetManyAsync(Actor actor, IReadOnlyList<SettingChange> changes, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以修改设置。";
        if (changes.Any(c => string.IsNullOrWhiteSpace(c.Key))) return "设置项无效。";
        var now = time.GetUtcNow().UtcDateTime;
        var written = new List<SettingChange>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var c in changes)
            {
                var row = await db.Settings.FindAsync([c.Key], ct);
                var old = row?.Value;
                if (old == c.Value) continue;
                if (c.Value is null) db.Settings.Remove(row!);
                else
                {
                    if (row is null) db.Settings.Add(row = new Setting { Key = c.Key, Value = c.Value });
                    row.Value = c.Value;
                    row.UpdatedAtUtc = now;
                    row.UpdatedBy = actor.Name;
                }
                var detail = c.Secret
                    ? $"{c.Key}: {(c.Value is null ? "（已清除）" : "（已更改，内容不记录）")}"
                    : $"{c.Key}: {old ?? "（默认）"} → {c.Value ?? "（默认）"}";
                await AuditLog.AppendAsync(db, actor.UserId, actor.Name, "setting.change", detail, now, ct);
                written.Add(c);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var c in written) _cache[c.Key] = c.Value;
        return null;
    }

    /// <summary>
    /// Sets an integer setting (Admin only) within [<paramref name="min"/>, <paramref name="max"/>] and writes an audit entry.
    /// Returns a Chinese error message, or null on success.
    /// </summary>
    public async Task<string?> SetIntAsync(Actor actor, string key, int value, int min, int max, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以修改设置。";
        if (string.IsNullOrWhiteSpace(key)) return "设置项无效。";
        if (value < min || value > max) return $"取值须在 {min} 至 {max} 之间。";
        var old = await GetAsync(key, ct);
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (old == text) return null;
        await SetAsync(key, text, actor.Name, ct);
        await audit.WriteAsync(actor.UserId, actor.Name, "setting.change", $"{key}: {old ?? "（默认）"} → {text}", ct);
        return null;
    }
}
