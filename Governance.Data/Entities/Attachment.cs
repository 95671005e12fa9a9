namespace Governance.Data.Entities;

/// <summary>A file stored outside wwwroot, served only through an authorized endpoint.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; }
    public long? InstanceId { get; set; }
    /// <summary>e.g. plan (方案), interpretation (解读), map, evidence.</summary>
    public required string Purpose { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string StoragePath { get; set; }
    public required string UploadedByUserId { get; set; }
    public DateTime UploadedAtUtc { get; set; }
}
