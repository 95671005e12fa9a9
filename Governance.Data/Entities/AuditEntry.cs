namespace Governance.Data.Entities;

/// <summary>Append-only, hash-chained audit log (第15条 防篡改): each entry stores the previous entry's hash.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>login, login.failed, transition, user.create, setting.change …</summary>
    public required string Kind { get; set; }
    public required string Detail { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}
