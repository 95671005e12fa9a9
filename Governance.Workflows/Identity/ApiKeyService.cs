using System.Security.Cryptography;
using System.Text;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Engine;
using Microsoft.EntityFrameworkCore;

namespace Governance.Workflows.Identity;

/// <summary>The result of creating a key: the secret (shown once) or an error.</summary>
public sealed record ApiKeyCreated(string? Secret, string? Error);

public sealed record ApiKeyRow(int Id, string Name, string Prefix, DateTime CreatedAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

/// <summary>API keys for the public site and scripts: only the SHA-256 of the secret is stored.</summary>
public sealed class ApiKeyService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, AuditLog audit)
{
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key's name when it is valid and not revoked; null otherwise.</summary>
    public async Task<string?> ValidateAsync(string? key, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return null;
        var hash = Hash(key.Trim());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAtUtc == null, ct);
        if (row is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (row.LastUsedAtUtc is null || now - row.LastUsedAtUtc > TimeSpan.FromMinutes(5))
        {
            row.LastUsedAtUtc = now;
            await db.SaveChangesAsync(ct);
        }
        return row.Name;
    }

    /// <summary>
    /// Creates a key (Admin only) and returns its secret — shown once, never stored — or a Chinese error message.
    /// </summary>
    public async Task<ApiKeyCreated> CreateAsync(Actor actor, string name, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return new(null, "只有系统管理员可以创建 API 密钥。");
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100) return new(null, "请填写密钥名称（不超过 100 字）。");
        var secret = await CreateAsync(name, ct);
        await audit.WriteAsync(actor.UserId, actor.Name, "apikey.create", $"创建 API 密钥“{name}”（{secret[..8]}…）", ct);
        return new(secret, null);
    }

    /// <summary>Creates a key without an actor check (seeding, scripts); returns its secret.</summary>
    internal async Task<string> CreateAsync(string name, CancellationToken ct = default)
    {
        var secret = "gk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await AddAsync(name, secret, ct);
        return secret;
    }

    internal async Task EnsureAsync(string name, string secret, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.KeyHash == hash, ct)) return;
        await AddAsync(name, secret, ct);
    }

    private async Task AddAsync(string name, string secret, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(new ApiKey
        {
            Name = name.Trim(), Prefix = secret[..Math.Min(8, secret.Length)], KeyHash = Hash(secret), CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id)
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.CreatedAtUtc, k.RevokedAtUtc, k.LastUsedAtUtc)).ToListAsync(ct);
    }

    /// <summary>Revokes a key (Admin only). Returns a Chinese error message, or null on success.</summary>
    public async Task<string?> RevokeAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin)) return "只有系统管理员可以吊销 API 密钥。";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (row is null) return "密钥不存在。";
        if (row.RevokedAtUtc is not null) return "该密钥已吊销。";
        await RevokeAsync(id, ct);
        await audit.WriteAsync(actor.UserId, actor.Name, "apikey.revoke", $"吊销 API 密钥“{row.Name}”（{row.Prefix}…）", ct);
        return null;
    }

    internal async Task RevokeAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAtUtc, now), ct);
    }
}
