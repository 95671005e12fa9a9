using System.Collections.Concurrent;
using System.Globalization;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Settings;

/// <summary>One key of <see cref="SettingsService.SetManyAsync"/>: null removes it; a secret is audited without its value.</summary>
public sealed record SettingChange(string Key, string? Value, bool Secret = false);

/// <summary>
/// Admin-editable settings with defaults in code; cached, and dropped from the cache of every node on every write through
/// this service (<see cref="IClusterEvents"/>: over LISTEN/NOTIFY on PostgreSQL).
/// </summary>
public sealed class SettingsService
{
    public const string Topic = "settings";

    private readonly ConcurrentDictionary<string, string?> _cache = new();
    private readonly IDbContextFactory<GovernanceDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly AuditLog audit;
    private readonly IClusterEvents events;
    private long _generation;

    public SettingsService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, AuditLog audit, IClusterEvents events)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        this.audit = audit;
        this.events = events;
        events.Subscribe(Topic, key =>
        {
            Interlocked.Increment(ref _generation);
            if (key == IClusterEvents.ResyncPayload) _cache.Clear();
            else _cache.TryRemove(key, out _);
        });
    }

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
        var generation = Interlocked.Read(ref _generation);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        // A change announced while reading must not be hidden by this (possibly older) value.
        if (Interlocked.Read(ref _generation) == generation) _cache[key] = value;
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
        // Every node (this one too) reads it again.
        events.Publish(Topic, key);
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
        // Every node (this one too) reads them again.
        foreach (var c in written) events.Publish(Topic, c.Key);
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
