namespace Governance.Data.Entities;

/// <summary>A key for API clients (public site, scripts). Only the SHA-256 hash of the secret is stored.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the key, shown to Admin to tell keys apart.</summary>
    public required string Prefix { get; set; }
    public required string KeyHash { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}
