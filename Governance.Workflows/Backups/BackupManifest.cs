using System.Text.Json;

namespace Governance.Workflows.Backups;

/// <summary>Where the backups go and what they take. Registered by the host (all absolute paths).</summary>
public sealed class BackupOptions
{
    /// <summary>Default App_Data/backups; better on another disk.</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>The data directory: its lock file says whether the portal runs (a restore waits for it to stop).</summary>
    public required string DataDirectory { get; init; }

    public required string DatabasePath { get; init; }

    /// <summary>Hangfire's SQLite database; null when Hangfire keeps its jobs in memory (tests).</summary>
    public string? HangfireDatabasePath { get; init; }

    /// <summary>The attachments' folder (<see cref="Attachments.AttachmentStorageOptions.RootDirectory"/>).</summary>
    public required string AttachmentsDirectory { get; init; }

    /// <summary>
    /// Why this portal takes no backups itself (PostgreSQL: the database server's own tools, pg_dump, see
    /// docs/DEPLOYMENT.md); null on SQLite.
    /// </summary>
    public string? Unavailable { get; init; }

    public const string PostgresUnavailable =
        "本门户使用 PostgreSQL 数据库：数据库备份与恢复请用 PostgreSQL 自带的 pg_dump / pg_restore（见 docs/DEPLOYMENT.md “备份”），" +
        "附件目录另行备份。门户内的备份与恢复只用于 SQLite 部署，未做任何更改。";
}

/// <summary>A backup as the Admin page lists it.</summary>
public sealed record BackupInfo(string Name, string Kind, DateTime CreatedAtUtc, long Size, long? AuditSeq, int Attachments, bool HasHangfire,
    string? Problem)
{
    public string KindName => BackupService.KindName(Kind);
}

public sealed record BackupResult(bool Succeeded, string Message, BackupInfo? Backup = null, bool AlreadyDone = false);

/// <summary>One file in a backup: its path inside the zip, size and SHA-256.</summary>
public sealed record BackupFileEntry(string Path, long Size, string Sha256);

/// <summary>
/// manifest.json, the last entry of every backup zip: what the backup holds (each file with size and SHA-256), when and by
/// whom it was taken, the database's schema version and the audit chain's head at that moment.
/// </summary>
public sealed record BackupManifest(
    string Format,
    string Kind,
    DateTime CreatedAtUtc,
    string CreatedBy,
    string? Migration,
    long? AuditSeq,
    string? AuditHash,
    IReadOnlyList<BackupFileEntry> Files,
    IReadOnlyList<string> MissingAttachments)
{
    public const string CurrentFormat = "governance-backup/1";
    public const string EntryName = "manifest.json";
    public const string DatabaseEntry = "governance.db";
    public const string HangfireEntry = "hangfire.db";
    public const string FilesPrefix = "files/";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public int AttachmentCount => Files.Count(f => f.Path.StartsWith(FilesPrefix, StringComparison.Ordinal));

    public bool HasHangfire => Files.Any(f => f.Path == HangfireEntry);

    /// <summary>
    /// Whether a path inside a backup is one a backup holds and safe to extract: the two databases, or files/… with
    /// plain relative segments (no "..", no root, no backslash).
    /// </summary>
    public static bool IsSafePath(string path)
    {
        if (path is DatabaseEntry or HangfireEntry) return true;
        if (!path.StartsWith(FilesPrefix, StringComparison.Ordinal) || path.Contains('\\') || path.Contains('\0')) return false;
        var segments = path[FilesPrefix.Length..].Split('/');
        return segments.Length > 0 && segments.All(s => s.Length > 0 && s != "." && s != ".." && s.Trim() == s);
    }
}
