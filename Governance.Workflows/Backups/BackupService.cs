using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Audit;
using Governance.Workflows.Calendar;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Governance.Workflows.Backups;

/// <summary>
/// 第15条(一) 完善数据备份: consistent online backups of the database, Hangfire's database and the attachment files into one
/// zip per backup with a manifest (each file's size and SHA-256), taken while the portal is in use. The databases are
/// copied with SQLite's <c>VACUUM INTO</c> (one read transaction: a snapshot, writers go on); the attachments are the
/// files the snapshot's rows name. A daily Hangfire job takes one per China day (idempotent), old ones go after the
/// retention period. A restore runs with the portal stopped, refuses anything that is not an intact backup, moves the
/// replaced data aside, and is written to the audit chain and its anchors. Backups, downloads, deletions and restores are audited.
/// </summary>
public sealed partial class BackupService(
    IDbContextFactory<GovernanceDbContext> dbFactory,
    AuditLog audit,
    AuditAnchorStore anchors,
    SettingsService settings,
    TimeProvider time,
    BackupOptions options,
    ILogger<BackupService> logger)
{
    public const string Daily = "daily";
    public const string Manual = "manual";
    public const string RetentionKey = "Backup.RetentionDays";
    public const int DefaultRetentionDays = 30;
    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;
    public const string ZipContentType = "application/zip";

    /// <summary>One backup or restore at a time in this process (the daily job and the Admin's button).</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Directory => options.BackupDirectory;

    /// <summary>Why backups are not taken here (PostgreSQL: pg_dump); null when they are.</summary>
    public string? Unavailable => options.Unavailable;

    public static string KindName(string kind) => kind switch
    {
        Daily => "每日自动备份",
        Manual => "手动备份",
        _ => kind,
    };

    /// <summary>The Hangfire job: today's (China date) daily backup unless it exists, then the retention clean-up.</summary>
    public async Task<BackupResult> RunDailyAsync(CancellationToken ct = default)
    {
        var system = Actor.System("backup", "数据备份");
        var result = await CreateAsync(system, Daily, ct);
        await PruneAsync(system, ct);
        if (!result.Succeeded) throw new InvalidOperationException(result.Message); // Hangfire shows and retries it
        return result;
    }

    /// <summary>Takes a backup now. <paramref name="kind"/> daily is once per China day: a second run finds it done.</summary>
    public async Task<BackupResult> CreateAsync(Actor actor, string kind, CancellationToken ct = default)
    {
        if (!actor.IsSystem && !actor.IsInRole(Roles.Admin)) return new(false, "只有系统管理员可以备份数据。");
        if (options.Unavailable is { } unavailable) return new(false, unavailable);
        if (kind is not (Daily or Manual)) return new(false, "备份类型无效。");
        if (!File.Exists(options.DatabasePath)) return new(false, $"数据库文件不存在：{options.DatabasePath}");
        await Gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            System.IO.Directory.CreateDirectory(options.BackupDirectory);
            var name = NameFor(kind, now);
            var final = Path.Combine(options.BackupDirectory, name);
            if (kind == Daily && File.Exists(final))
                return new(true, $"今日（{ChinaTime.Format(now, "yyyy-MM-dd")}）的每日备份已存在：{name}。", ReadInfo(final), AlreadyDone: true);
            for (var n = 2; File.Exists(final); n++)
                final = Path.Combine(options.BackupDirectory, name = NameFor(kind, now, n));

            var token = Guid.NewGuid().ToString("N");
            var work = Path.Combine(options.BackupDirectory, ".tmp-" + token);
            var zipTemp = work + ".zip";
            BackupManifest manifest;
            try
            {
                System.IO.Directory.CreateDirectory(work);
                var dbCopy = Path.Combine(work, BackupManifest.DatabaseEntry);
                await VacuumIntoAsync(options.DatabasePath, dbCopy, ct);
                string? hangfireCopy = null;
                if (options.HangfireDatabasePath is { } hangfire && File.Exists(hangfire))
                    await VacuumIntoAsync(hangfire, hangfireCopy = Path.Combine(work, BackupManifest.HangfireEntry), ct);
                var snapshot = await ReadSnapshotAsync(dbCopy, ct);
                manifest = await WriteZipAsync(zipTemp, kind, actor, now, dbCopy, hangfireCopy, snapshot, ct);
                try
                {
                    File.Move(zipTemp, final, overwrite: false);
                }
                catch (IOException) when (kind == Daily && File.Exists(final))
                {
                    // Another run (Hangfire may run a job twice, or a second server) finished today's first.
                    return new(true, $"今日（{ChinaTime.Format(now, "yyyy-MM-dd")}）的每日备份已存在：{name}。", ReadInfo(final), AlreadyDone: true);
                }
            }
            finally
            {
                TryDeleteDirectory(work);
                TryDeleteFile(zipTemp);
            }

            var size = new FileInfo(final).Length;
            var zipHash = await HashFileAsync(final, ct);
            var missing = manifest.MissingAttachments.Count == 0 ? "" : $"，{manifest.MissingAttachments.Count} 个附件文件缺失或与记录不符";
            await audit.WriteAsync(actor.UserId, actor.Name, "backup.create",
                $"数据备份 {name}（{KindName(kind)}，{size} 字节，SHA-256 {zipHash}；审计日志至第 {manifest.AuditSeq ?? 0} 条，附件 {manifest.AttachmentCount} 个" +
                $"{(manifest.HasHangfire ? "，含后台任务库" : "")}{missing}）", ct);
            logger.LogInformation("Backup {Name} written ({Size} bytes)", name, size);
            var info = Info(name, size, manifest);
            return new(true, $"备份完成：{name}（{FormatSize(size)}，附件 {manifest.AttachmentCount} 个{missing}）。", info);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The backups in the folder, newest first (a file whose manifest cannot be read is listed with the problem).</summary>
    public Task<IReadOnlyList<BackupInfo>> ListAsync(CancellationToken ct = default)
    {
        if (!System.IO.Directory.Exists(options.BackupDirectory)) return Task.FromResult<IReadOnlyList<BackupInfo>>([]);
        var list = System.IO.Directory.EnumerateFiles(options.BackupDirectory, "backup-*.zip")
            .Where(f => NamePattern().IsMatch(Path.GetFileName(f)))
            .Select(ReadInfo)
            .OrderByDescending(b => b.CreatedAtUtc).ThenByDescending(b => b.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<BackupInfo>>(list);
    }

    /// <summary>The full path of a backup by its file name, or null when the name is not one of ours or the file is gone.</summary>
    public string? PathOf(string? name)
    {
        if (name is null || !NamePattern().IsMatch(name)) return null;
        var path = Path.Combine(options.BackupDirectory, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Opens a backup for download (Admin only) and audits it; null when not found or not allowed.</summary>
    public async Task<(string Path, string Name)?> OpenForDownloadAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Admin) || PathOf(name) is not { } path) return null;
        await audit.WriteAsync(actor.UserId, actor.Name, "backup.download", $"下载数据备份 {name}（{new FileInfo(path).Length} 字节）", ct);
        return (path, name!);
    }

    /// <summary>Sets the retention period (Admin only, audited by the settings service); null when done, else the Chinese reason.</summary>
    public Task<string?> SetRetentionDaysAsync(Actor actor, int days, CancellationToken ct = default) =>
        settings.SetIntAsync(actor, RetentionKey, days, MinRetentionDays, MaxRetentionDays, ct);

    public Task<int> RetentionDaysAsync(CancellationToken ct = default) => settings.GetIntAsync(RetentionKey, DefaultRetentionDays, ct);

    /// <summary>
    /// Deletes the backups older than the retention period (the newest one always stays) and leftovers of interrupted
    /// runs; each deletion is audited. Returns how many backups went.
    /// </summary>
    public async Task<int> PruneAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsSystem && !actor.IsInRole(Roles.Admin)) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        var days = await RetentionDaysAsync(ct);
        var cutoff = now.AddDays(-days);
        var all = await ListAsync(ct);
        var old = all.Skip(1).Where(b => b.CreatedAtUtc < cutoff).ToList();
        var deleted = new List<string>();
        foreach (var b in old)
        {
            if (TryDeleteFile(Path.Combine(options.BackupDirectory, b.Name))) deleted.Add(b.Name);
        }
        foreach (var leftover in System.IO.Directory.Exists(options.BackupDirectory)
                     ? System.IO.Directory.EnumerateFileSystemEntries(options.BackupDirectory, ".tmp-*") : [])
        {
            if (File.GetLastWriteTimeUtc(leftover) > now.AddDays(-1)) continue;
            if (System.IO.Directory.Exists(leftover)) TryDeleteDirectory(leftover);
            else TryDeleteFile(leftover);
        }
        if (deleted.Count > 0)
            await audit.WriteAsync(actor.UserId, actor.Name, "backup.prune",
                $"删除超过保留期（{days} 天）的数据备份 {deleted.Count} 个：{string.Join("、", deleted)}", ct);
        return deleted.Count;
    }

    // ---- restore ----

    /// <summary>
    /// Restores a backup zip. Only with the portal stopped (its data-directory lock free); the file must be an intact
    /// backup (manifest, every file's size and SHA-256, SQLite integrity, a schema this version knows) — otherwise nothing
    /// changes. The replaced database, Hangfire database and attachments are moved to {data}/replaced-{time}/.
    /// </summary>
    public async Task<BackupResult> RestoreAsync(Actor actor, string file, CancellationToken ct = default)
    {
        if (!actor.IsSystem && !actor.IsInRole(Roles.Admin)) return new(false, "只有系统管理员可以恢复数据。");
        if (options.Unavailable is { } unavailable) return new(false, unavailable);
        using var portal = DataDirectoryLock.TryAcquire(options.DataDirectory);
        if (portal is null) return new(false, "门户正在运行（数据目录已被占用）：请先停止门户，再执行恢复。未做任何更改。");
        await Gate.WaitAsync(ct);
        var staging = Path.Combine(options.DataDirectory, ".restore-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (manifest, problem) = await ValidateAsync(file, staging, ct);
            if (manifest is null) return new(false, $"不是有效的备份文件，未做任何更改：{problem}");

            // The copy is in rollback-journal mode (VACUUM INTO writes it so); the portal runs in WAL mode, which its
            // connections (also read-only ones) expect to find.
            await using (var staged = Open(Path.Combine(staging, BackupManifest.DatabaseEntry), SqliteOpenMode.ReadWrite))
            {
                await staged.OpenAsync(ct);
                await Scalar(staged, "PRAGMA journal_mode = WAL", ct);
            }
            SqliteConnection.ClearAllPools();

            var now = time.GetUtcNow().UtcDateTime;
            var previous = await ReadHeadAsync(options.DatabasePath, ct);
            SqliteConnection.ClearAllPools();
            var aside = Path.Combine(options.DataDirectory, "replaced-" + ChinaTime.Format(now, "yyyyMMdd-HHmmss"));
            for (var n = 2; System.IO.Directory.Exists(aside); n++)
                aside = Path.Combine(options.DataDirectory, $"replaced-{ChinaTime.Format(now, "yyyyMMdd-HHmmss")}-{n}");
            var moves = new List<(string From, string To, bool IsDirectory)>();
            var placed = new List<string>();
            AuditEntry entry;
            try
            {
                System.IO.Directory.CreateDirectory(aside);
                foreach (var db in new[] { options.DatabasePath, options.HangfireDatabasePath }.OfType<string>())
                {
                    foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                    {
                        if (!File.Exists(db + suffix)) continue;
                        var to = Path.Combine(aside, Path.GetFileName(db) + suffix);
                        File.Move(db + suffix, to);
                        moves.Add((db + suffix, to, false));
                    }
                }
                if (System.IO.Directory.Exists(options.AttachmentsDirectory))
                {
                    var to = Path.Combine(aside, "files");
                    MoveDirectory(options.AttachmentsDirectory, to);
                    moves.Add((options.AttachmentsDirectory, to, true));
                }

                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
                File.Move(Path.Combine(staging, BackupManifest.DatabaseEntry), options.DatabasePath);
                placed.Add(options.DatabasePath);
                if (manifest.HasHangfire && options.HangfireDatabasePath is { } hangfire)
                {
                    File.Move(Path.Combine(staging, BackupManifest.HangfireEntry), hangfire);
                    placed.Add(hangfire);
                }
                var stagedFiles = Path.Combine(staging, "files");
                if (System.IO.Directory.Exists(stagedFiles)) MoveDirectory(stagedFiles, options.AttachmentsDirectory);
                else System.IO.Directory.CreateDirectory(options.AttachmentsDirectory);
                placed.Add(options.AttachmentsDirectory);

                // This version's schema (a backup from an older version is migrated, as a start would), then the restore
                // goes into the restored chain.
                await using (var db = await dbFactory.CreateDbContextAsync(ct)) await db.Database.MigrateAsync(ct);
                var before = previous is { } p ? $"替换前的数据库审计日志至第 {p.Seq} 条（哈希 {p.Hash}）" : "替换前没有可读的数据库";
                entry = await audit.WriteAsync(actor.UserId, actor.Name, "backup.restore",
                    $"从数据备份 {Path.GetFileName(file)} 恢复（{KindName(manifest.Kind)}，{ChinaTime.Format(manifest.CreatedAtUtc, "yyyy-MM-dd HH:mm:ss")} 备份，" +
                    $"审计日志至第 {manifest.AuditSeq ?? 0} 条，附件 {manifest.AttachmentCount} 个）；{before}，已移至 {Path.GetFileName(aside)}", ct);
            }
            catch (Exception ex)
            {
                // Whatever went wrong (disk, permissions, the migration), the data goes back as it was.
                SqliteConnection.ClearAllPools();
                foreach (var path in placed)
                {
                    if (System.IO.Directory.Exists(path)) TryDeleteDirectory(path);
                    else TryDeleteFile(path);
                }
                foreach (var (from, to, isDirectory) in Enumerable.Reverse(moves))
                {
                    if (isDirectory) MoveDirectory(to, from);
                    else File.Move(to, from, overwrite: true);
                }
                TryDeleteDirectory(aside);
                logger.LogError(ex, "Restore of {File} failed and was rolled back", file);
                return new(false, $"恢复失败，数据已还原为恢复前的状态：{ex.Message}");
            }
            SqliteConnection.ClearAllPools();
            // The anchors written before describe the replaced chain from this entry on; this line says so.
            await anchors.AppendAsync(AuditAnchorStore.Restore, entry.Id, entry.Hash, now, ct);
            return new(true,
                $"已从 {Path.GetFileName(file)} 恢复（{ChinaTime.Format(manifest.CreatedAtUtc, "yyyy-MM-dd HH:mm:ss")} 的备份，附件 {manifest.AttachmentCount} 个）。" +
                $"恢复前的数据已移至 {aside}。");
        }
        finally
        {
            Gate.Release();
            SqliteConnection.ClearAllPools();
            TryDeleteDirectory(staging);
        }
    }

    /// <summary>
    /// Checks that <paramref name="file"/> is an intact backup this version can restore, extracting it into
    /// <paramref name="extractTo"/>: the manifest, exactly the files it lists with their sizes and SHA-256, safe paths,
    /// SQLite integrity of both databases, the tables of a portal database and a schema version this program knows.
    /// Returns the manifest, or null and the Chinese reason.
    /// </summary>
    public async Task<(BackupManifest? Manifest, string? Problem)> ValidateAsync(string file, string extractTo, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file)) return (null, $"文件不存在：{file}");
        BackupManifest? manifest;
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var manifestEntry = zip.GetEntry(BackupManifest.EntryName);
            if (manifestEntry is null) return (null, "缺少备份清单 manifest.json。");
            if (manifestEntry.Length > 16 * 1024 * 1024) return (null, "备份清单过大。");
            await using (var s = manifestEntry.Open())
                manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(s, BackupManifest.Json, ct);
            if (manifest is null || manifest.Format != BackupManifest.CurrentFormat)
                return (null, $"备份清单格式不受支持（{manifest?.Format ?? "空"}）。");
            if (manifest.Kind is not (Daily or Manual)) return (null, $"备份清单中的备份类型无效（{manifest.Kind}）。");
            if (manifest.Files is null || manifest.Files.All(f => f.Path != BackupManifest.DatabaseEntry))
                return (null, "备份中没有数据库文件 governance.db。");
            if (manifest.Files.FirstOrDefault(f => f.Path is null || !BackupManifest.IsSafePath(f.Path)) is { } unsafePath)
                return (null, $"备份清单中的路径不安全：{unsafePath.Path}");
            if (manifest.Files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                return (null, $"备份清单重复列出 {twice.Key}。");
            if (zip.Entries.GroupBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                return (null, $"备份中有重名的文件：{duplicate.Key}");
            var listed = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            if (zip.Entries.FirstOrDefault(e => e.FullName != BackupManifest.EntryName && !listed.Contains(e.FullName)) is { } extra)
                return (null, $"备份中有清单未列出的文件：{extra.FullName}");

            System.IO.Directory.CreateDirectory(extractTo);
            foreach (var f in manifest.Files)
            {
                var entry = zip.GetEntry(f.Path);
                if (entry is null) return (null, $"备份中缺少文件：{f.Path}");
                if (entry.Length != f.Size) return (null, $"文件 {f.Path} 的大小与清单不符：备份已损坏或被修改。");
                var target = Path.Combine(extractTo, f.Path.Replace('/', Path.DirectorySeparatorChar));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string hash;
                await using (var input = entry.Open())
                await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    hash = await CopyHashingAsync(input, output, f.Size, ct);
                if (!string.Equals(hash, f.Sha256, StringComparison.OrdinalIgnoreCase))
                    return (null, $"文件 {f.Path} 的校验值（SHA-256）与清单不符：备份已损坏或被修改。");
            }
        }
        catch (InvalidDataException)
        {
            return (null, "无法作为 zip 压缩包读取。");
        }
        catch (JsonException)
        {
            return (null, "备份清单 manifest.json 无法解析。");
        }

        var dbProblem = await CheckDatabaseAsync(Path.Combine(extractTo, BackupManifest.DatabaseEntry), portal: true, ct);
        if (dbProblem is not null) return (null, dbProblem);
        if (manifest.HasHangfire && await CheckDatabaseAsync(Path.Combine(extractTo, BackupManifest.HangfireEntry), portal: false, ct) is { } hf)
            return (null, "后台任务库：" + hf);
        return (manifest, null);
    }

    private async Task<string?> CheckDatabaseAsync(string path, bool portal, CancellationToken ct)
    {
        try
        {
            await using var c = Open(path, SqliteOpenMode.ReadOnly);
            await c.OpenAsync(ct);
            var check = (string?)await Scalar(c, "PRAGMA integrity_check", ct);
            if (check != "ok") return $"数据库完整性检查未通过（{check}）。";
            if (!portal) return null;
            var tables = Convert.ToInt32(await Scalar(c,
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'AuditEntries', 'WorkflowInstances')", ct),
                CultureInfo.InvariantCulture);
            if (tables != 3) return "数据库不是本门户的数据库（缺少必要的表）。";
            var migration = (string?)await Scalar(c, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1", ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            if (migration is null || !known.Contains(migration))
                return $"数据库版本（{migration ?? "无"}）不是本程序已知的版本：备份可能来自较新版本的门户，请用相同或更新版本恢复。";
            return null;
        }
        catch (SqliteException ex)
        {
            return $"数据库文件无法读取（{ex.Message}）。";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    // ---- taking a backup ----

    private sealed record Snapshot(string? Migration, long? AuditSeq, string? AuditHash, IReadOnlyList<(string Id, string StoragePath, string Sha256)> Attachments);

    /// <summary>backup-20260302-daily.zip (one per China day), backup-20260302-093015-manual.zip.</summary>
    public static string NameFor(string kind, DateTime utc, int n = 1)
    {
        var name = kind == Daily ? $"backup-{ChinaTime.Format(utc, "yyyyMMdd")}-daily" : $"backup-{ChinaTime.Format(utc, "yyyyMMdd-HHmmss")}-{kind}";
        return (n > 1 ? $"{name}-{n}" : name) + ".zip";
    }

    [GeneratedRegex(@"^backup-\d{8}(-\d{6})?-(daily|manual)(-\d+)?\.zip$")]
    private static partial Regex NamePattern();

    private static SqliteConnection Open(string path, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 60,
    }.ToString());

    private static async Task<object?> Scalar(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>SQLite's VACUUM INTO: a consistent copy in one read transaction, while the portal goes on writing (WAL).</summary>
    private static async Task VacuumIntoAsync(string source, string target, CancellationToken ct)
    {
        await using var c = Open(source, SqliteOpenMode.ReadWrite);
        await c.OpenAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 60000; VACUUM INTO $target;";
        cmd.Parameters.AddWithValue("$target", target);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Snapshot> ReadSnapshotAsync(string dbCopy, CancellationToken ct)
    {
        await using var c = Open(dbCopy, SqliteOpenMode.ReadOnly);
        await c.OpenAsync(ct);
        var migration = (string?)await Scalar(c, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1", ct);
        long? seq = null;
        string? hash = null;
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT Id, Hash FROM AuditEntries ORDER BY Id DESC LIMIT 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                seq = r.GetInt64(0);
                hash = r.GetString(1);
            }
        }
        var attachments = new List<(string, string, string)>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT Id, StoragePath, Sha256 FROM Attachments ORDER BY StoragePath";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) attachments.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }
        return new Snapshot(migration, seq, hash, attachments);
    }

    private async Task<BackupManifest> WriteZipAsync(string zipPath, string kind, Actor actor, DateTime now, string dbCopy, string? hangfireCopy,
        Snapshot snapshot, CancellationToken ct)
    {
        var files = new List<BackupFileEntry>();
        var missing = new List<string>();
        await using (var stream = new FileStream(zipPath, FileMode.CreateNew, FileAccess.ReadWrite))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            files.Add(await AddAsync(zip, BackupManifest.DatabaseEntry, dbCopy, now, ct));
            if (hangfireCopy is not null) files.Add(await AddAsync(zip, BackupManifest.HangfireEntry, hangfireCopy, now, ct));
            var root = Path.GetFullPath(options.AttachmentsDirectory);
            foreach (var (id, storagePath, sha256) in snapshot.Attachments)
            {
                var entryName = BackupManifest.FilesPrefix + storagePath.Replace('\\', '/');
                var full = Path.GetFullPath(Path.Combine(root, storagePath));
                if (!BackupManifest.IsSafePath(entryName) || !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    || !File.Exists(full))
                {
                    // Deleted after the snapshot, or lost before: the backup says so rather than failing.
                    missing.Add($"{id}（{storagePath}）");
                    continue;
                }
                var added = await AddAsync(zip, entryName, full, now, ct);
                if (!string.Equals(added.Sha256, sha256, StringComparison.OrdinalIgnoreCase)) missing.Add($"{id}（{storagePath}，内容与记录的 SHA-256 不符）");
                files.Add(added);
            }
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, kind, now, actor.Name, snapshot.Migration, snapshot.AuditSeq,
                snapshot.AuditHash, files, missing);
            var entry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc));
            await using (var s = entry.Open()) await JsonSerializer.SerializeAsync(s, manifest, BackupManifest.Json, ct);
            return manifest;
        }
    }

    private static async Task<BackupFileEntry> AddAsync(ZipArchive zip, string entryName, string source, DateTime now, CancellationToken ct)
    {
        var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc));
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using var output = entry.Open();
        var length = input.Length;
        var hash = await CopyHashingAsync(input, output, long.MaxValue, ct);
        return new BackupFileEntry(entryName, length, hash);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes (more is an error: a zip entry larger than it says) and returns the SHA-256.</summary>
    private static async Task<string> CopyHashingAsync(Stream input, Stream output, long limit, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit) throw new InvalidDataException("entry larger than its manifest size");
            sha.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(f, ct));
    }

    private static async Task<(long Seq, string Hash)?> ReadHeadAsync(string dbPath, CancellationToken ct)
    {
        if (!File.Exists(dbPath)) return null;
        try
        {
            await using var c = Open(dbPath, SqliteOpenMode.ReadOnly);
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT Id, Hash FROM AuditEntries ORDER BY Id DESC LIMIT 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetString(1)) : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private static BackupInfo Info(string name, long size, BackupManifest m) =>
        new(name, m.Kind, DateTime.SpecifyKind(m.CreatedAtUtc, DateTimeKind.Utc), size, m.AuditSeq, m.AttachmentCount, m.HasHangfire, null);

    private static BackupInfo ReadInfo(string path)
    {
        var name = Path.GetFileName(path);
        var size = new FileInfo(path).Length;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(BackupManifest.EntryName) is { } entry)
            {
                using var s = entry.Open();
                if (JsonSerializer.Deserialize<BackupManifest>(s, BackupManifest.Json) is { Format: BackupManifest.CurrentFormat } m)
                    return Info(name, size, m);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
        {
        }
        return new BackupInfo(name, name.Contains("-daily", StringComparison.Ordinal) ? Daily : Manual, File.GetLastWriteTimeUtc(path), size, null, 0,
            false, "备份清单无法读取，文件可能已损坏");
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:0.##} GB"),
    };

    /// <summary>Directory.Move, or copy and delete when the two are on different volumes.</summary>
    private static void MoveDirectory(string from, string to)
    {
        try
        {
            System.IO.Directory.Move(from, to);
        }
        catch (IOException) when (!System.IO.Directory.Exists(to))
        {
            foreach (var dir in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
                System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            System.IO.Directory.CreateDirectory(to);
            foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            System.IO.Directory.Delete(from, recursive: true);
        }
    }

    private static bool TryDeleteFile(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
