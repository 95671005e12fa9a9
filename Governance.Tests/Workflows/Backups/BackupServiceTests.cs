using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Tests.Workflows.Attachments;
using Governance.Workflows.Attachments;
using Governance.Workflows.Audit;
using Governance.Workflows.Backups;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Backups;

/// <summary>
/// 第15条(一) 完善数据备份 on real files: a backup of the database, Hangfire's database and the attachments, taken while the
/// portal writes, restored exactly; the daily job once per day with its retention; a restore that refuses anything that
/// is not an intact backup, and refuses while the portal runs — changing nothing either way.
/// </summary>
public sealed class BackupServiceTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private BackupService Backups => _host.Get<BackupService>();
    private BackupOptions Options => _host.Get<BackupOptions>();
    private string HangfireDb => Options.HangfireDatabasePath!;

    public async Task InitializeAsync()
    {
        // As the app registers it, with a Hangfire SQLite file beside the database.
        _host = await WorkflowTestHost.CreateAsync(services => services.AddSingleton(sp =>
        {
            var files = sp.GetRequiredService<AttachmentStorageOptions>().RootDirectory;
            var folder = Path.GetDirectoryName(files)!;
            return new BackupOptions
            {
                BackupDirectory = Path.Combine(folder, "backups"), DataDirectory = folder, DatabasePath = Path.Combine(folder, "governance.db"),
                HangfireDatabasePath = Path.Combine(folder, "hangfire.db"), AttachmentsDirectory = files,
            };
        }));
        await SqlAsync(HangfireDb, "CREATE TABLE Job (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL); INSERT INTO Job (Name) VALUES ('deadline-sweep');");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task SqlAsync(string database, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={database};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<Actor> AdminAsync() => await _host.ActorAsync("admin");

    private async Task<Guid> UploadAsync(long id, string name, byte[] bytes)
    {
        var result = await _host.Get<AttachmentService>().UploadAsync(id, await _host.ActorAsync("editor"), ColumnRequestsModule.Plan, name,
            new MemoryStream(bytes));
        Assert.True(result.Succeeded, result.Error);
        return result.AttachmentId!.Value;
    }

    private async Task<long> AuditHeadAsync() => (await _host.Get<AuditLog>().HeadAsync())!.Id;

    [Fact]
    public async Task BackupChangeRestore_DatabaseHangfireAndAttachmentsExactlyAsBackedUp()
    {
        var (id, v) = await _host.CreateDraftAsync(name: "备份前的专栏");
        var pdf = await UploadAsync(id, "方案.pdf", AttachmentServiceTests.Pdf());
        await UploadAsync(id, "示意图.png", AttachmentServiceTests.Png());
        Assert.True((await _host.Get<AuditLog>().VerifyAsync()).Intact); // an anchor before the backup
        var head = await AuditHeadAsync();
        var database = await DatabaseDump.DumpAsync(Options.DatabasePath);
        var hangfire = await DatabaseDump.DumpAsync(HangfireDb);
        var files = DatabaseDump.Files(Options.AttachmentsDirectory);
        Assert.Equal(2, files.Count);

        var backup = await Backups.CreateAsync(await AdminAsync(), BackupService.Manual);

        Assert.True(backup.Succeeded, backup.Message);
        Assert.Equal(2, backup.Backup!.Attachments);
        Assert.True(backup.Backup.HasHangfire);
        Assert.Equal(head, backup.Backup.AuditSeq);

        // Everything changes afterwards: the item, its attachments (one deleted, one added), Hangfire's jobs, the chain.
        v = (await _host.InstanceAsync(id)).Version; // the uploads above bumped it
        Assert.Equal(FireStatus.Applied, (await _host.ColumnRequests().UpdateAsync(id, v, await _host.ActorAsync("editor"),
            ColumnRequestDriver.ValidForm("备份后改的名称"))).Status);
        Assert.Null(await _host.Get<AttachmentService>().DeleteAsync(pdf, await _host.ActorAsync("editor")));
        await UploadAsync(id, "新方案.pdf", [.. AttachmentServiceTests.Pdf(), (byte)'\n']);
        await SqlAsync(HangfireDb, "INSERT INTO Job (Name) VALUES ('later'); DELETE FROM Job WHERE Name = 'deadline-sweep';");
        Assert.True((await _host.Get<AuditLog>().VerifyAsync()).Intact);
        Assert.NotEqual(database, await DatabaseDump.DumpAsync(Options.DatabasePath, head));
        SqliteConnection.ClearAllPools();

        var restored = await Backups.RestoreAsync(await AdminAsync(), Path.Combine(Options.BackupDirectory, backup.Backup.Name));

        Assert.True(restored.Succeeded, restored.Message);
        Assert.Equal(database, await DatabaseDump.DumpAsync(Options.DatabasePath, head));
        Assert.Equal(hangfire, await DatabaseDump.DumpAsync(HangfireDb));
        Assert.Equal(files, DatabaseDump.Files(Options.AttachmentsDirectory));
        var opened = await _host.Get<AttachmentService>().OpenAsync(pdf, await _host.ActorAsync("editor"));
        Assert.NotNull(opened);
        await using (var content = opened.Value.Content)
        using (var bytes = new MemoryStream())
        {
            await content.CopyToAsync(bytes);
            Assert.Equal(AttachmentServiceTests.Pdf(), bytes.ToArray());
        }
        // The restore is the one entry after the backed-up chain, and the chain with its anchors verifies.
        await using (var db = _host.NewDbContext())
        {
            var after = await db.AuditEntries.Where(a => a.Id > head).ToListAsync();
            Assert.Equal("backup.restore", Assert.Single(after).Kind);
            Assert.Equal(head + 1, after[0].Id);
            Assert.Contains(backup.Backup.Name, after[0].Detail, StringComparison.Ordinal);
        }
        var verified = await _host.Get<AuditLog>().VerifyAsync();
        Assert.True(verified.Intact, verified.Message);
        // What the restore replaced is kept aside.
        var aside = Assert.Single(Directory.GetDirectories(Options.DataDirectory, "replaced-*"));
        Assert.True(File.Exists(Path.Combine(aside, "governance.db")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(aside, "files"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task CreateAsync_WhileThePortalWrites_EachBackupIsAConsistentSnapshot()
    {
        var audit = _host.Get<AuditLog>();
        for (var i = 0; i < 3; i++) await audit.WriteAsync("u1", "测试", "test", $"备份前 {i}");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested) await audit.WriteAsync("u1", "测试", "test", $"并发写入 {n++}");
            return n;
        });
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(1));
            var b = await Backups.CreateAsync(await AdminAsync(), BackupService.Manual);
            Assert.True(b.Succeeded, b.Message);
            names.Add(b.Backup!.Name);
        }
        await stop.CancelAsync();
        Assert.True(await writer > 0);

        long? previous = 0;
        foreach (var name in names)
        {
            var extract = Path.Combine(Options.DataDirectory, "check-" + name);
            var (manifest, problem) = await Backups.ValidateAsync(Path.Combine(Options.BackupDirectory, name), extract);
            Assert.True(manifest is not null, problem);
            // The snapshot's chain links up to its last entry, which the manifest names.
            await using var c = new SqliteConnection($"Data Source={Path.Combine(extract, "governance.db")};Mode=ReadOnly;Pooling=False");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT Id, AtUtc, UserId, UserName, Kind, Detail, PrevHash, Hash FROM AuditEntries ORDER BY Id";
            await using var r = await cmd.ExecuteReaderAsync();
            var prev = AuditLog.Genesis;
            long last = 0;
            while (await r.ReadAsync())
            {
                var e = new AuditEntry
                {
                    Id = r.GetInt64(0), AtUtc = DateTime.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
                    UserId = r.IsDBNull(2) ? null : r.GetString(2), UserName = r.IsDBNull(3) ? null : r.GetString(3), Kind = r.GetString(4),
                    Detail = r.GetString(5), PrevHash = r.GetString(6), Hash = r.GetString(7),
                };
                Assert.Equal(prev, e.PrevHash);
                Assert.Equal(e.Hash, AuditLog.ComputeHash(e));
                Assert.Equal(last + 1, e.Id);
                (prev, last) = (e.Hash, e.Id);
            }
            Assert.Equal(manifest.AuditSeq, last);
            // Each later backup has what the portal wrote meanwhile (at least the previous backup's own entry).
            Assert.True(last > previous, $"{name}: {last} after {previous}");
            previous = last;
        }
    }

    [Fact]
    public async Task RunDailyAsync_TwiceADay_OneBackup_OldOnesGoAfterTheRetention()
    {
        var first = await Backups.RunDailyAsync();
        var again = await Backups.RunDailyAsync();
        var both = await Task.WhenAll(Backups.RunDailyAsync(), Backups.RunDailyAsync());

        Assert.False(first.AlreadyDone);
        Assert.True(again.AlreadyDone);
        Assert.All(both, b => Assert.True(b.AlreadyDone));
        Assert.Equal("backup-20260302-daily.zip", Assert.Single(await Backups.ListAsync()).Name);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False((await Backups.RunDailyAsync()).AlreadyDone);
        Assert.Equal(2, (await Backups.ListAsync()).Count);

        // Past the default 30 days: the two old ones go, today's stays.
        _host.Clock.Advance(TimeSpan.FromDays(31));
        await Backups.RunDailyAsync();

        Assert.Equal(["backup-20260403-daily.zip"], (await Backups.ListAsync()).Select(b => b.Name));
        await using var db = _host.NewDbContext();
        var prune = await db.AuditEntries.SingleAsync(a => a.Kind == "backup.prune");
        Assert.Contains("backup-20260302-daily.zip", prune.Detail, StringComparison.Ordinal);
        Assert.Contains("backup-20260303-daily.zip", prune.Detail, StringComparison.Ordinal);
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Kind == "backup.create"));
    }

    [Fact]
    public async Task PruneAsync_RetentionSetting_KeepsTheNewestEvenWhenAllAreOld()
    {
        var admin = await AdminAsync();
        Assert.Equal("取值须在 1 至 3650 之间。", await Backups.SetRetentionDaysAsync(admin, 0));
        Assert.Equal("只有系统管理员可以修改设置。", await Backups.SetRetentionDaysAsync(await _host.ActorAsync("editor"), 5));
        Assert.Equal(BackupService.DefaultRetentionDays, await Backups.RetentionDaysAsync());
        Assert.Null(await Backups.SetRetentionDaysAsync(admin, 2));
        await Backups.CreateAsync(admin, BackupService.Manual);
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await Backups.CreateAsync(admin, BackupService.Manual);
        _host.Clock.Advance(TimeSpan.FromDays(10));

        Assert.Equal(1, await Backups.PruneAsync(admin));

        Assert.Equal("backup-20260303-090000-manual.zip", Assert.Single(await Backups.ListAsync()).Name);
        Assert.Equal(0, await Backups.PruneAsync(await _host.ActorAsync("editor")));
        Assert.False((await Backups.CreateAsync(await _host.ActorAsync("editor"), BackupService.Manual)).Succeeded);
    }

    public static TheoryData<string, string> NotBackups => new()
    {
        { "not-zip", "无法作为 zip 压缩包读取" },
        { "no-manifest", "缺少备份清单" },
        { "entry-modified", "校验值（SHA-256）与清单不符" },
        { "extra-entry", "清单未列出的文件" },
        { "unsafe-path", "路径不安全" },
        { "not-a-database", "数据库文件无法读取" },
        { "newer-schema", "不是本程序已知的版本" },
        { "entry-missing", "备份中缺少文件" },
    };

    [Theory]
    [MemberData(nameof(NotBackups))]
    public async Task RestoreAsync_NotAnIntactBackup_RefusedWithTheReason_NothingChanged(string kind, string reason)
    {
        var (id, _) = await _host.CreateDraftAsync();
        await UploadAsync(id, "方案.pdf", AttachmentServiceTests.Pdf());
        var good = await Backups.CreateAsync(await AdminAsync(), BackupService.Manual);
        var bad = Path.Combine(Options.DataDirectory, "bad-backup.zip");
        File.Copy(Path.Combine(Options.BackupDirectory, good.Backup!.Name), bad);
        await SpoilAsync(bad, kind);
        await _host.CreateDraftAsync(name: "备份之后的草稿");
        var database = await DatabaseDump.DumpAsync(Options.DatabasePath);
        var files = DatabaseDump.Files(Options.AttachmentsDirectory);
        SqliteConnection.ClearAllPools();

        var result = await Backups.RestoreAsync(await AdminAsync(), bad);

        Assert.False(result.Succeeded);
        Assert.StartsWith("不是有效的备份文件，未做任何更改：", result.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.Equal(database, await DatabaseDump.DumpAsync(Options.DatabasePath));
        Assert.Equal(files, DatabaseDump.Files(Options.AttachmentsDirectory));
        Assert.Empty(Directory.GetDirectories(Options.DataDirectory, "replaced-*"));
        Assert.Empty(Directory.GetDirectories(Options.DataDirectory, ".restore-*"));
    }

    [Fact]
    public async Task RestoreAsync_WhileThePortalHoldsTheDataDirectory_Refused_NothingChanged()
    {
        var good = await Backups.CreateAsync(await AdminAsync(), BackupService.Manual);
        await _host.CreateDraftAsync(name: "备份之后的草稿");
        var database = await DatabaseDump.DumpAsync(Options.DatabasePath);

        using (var portal = DataDirectoryLock.TryAcquire(Options.DataDirectory))
        {
            Assert.NotNull(portal);
            var result = await Backups.RestoreAsync(await AdminAsync(), Path.Combine(Options.BackupDirectory, good.Backup!.Name));

            Assert.False(result.Succeeded);
            Assert.Contains("门户正在运行", result.Message, StringComparison.Ordinal);
        }
        Assert.Equal(database, await DatabaseDump.DumpAsync(Options.DatabasePath));
        Assert.False((await Backups.RestoreAsync(await _host.ActorAsync("editor"), Path.Combine(Options.BackupDirectory, good.Backup.Name))).Succeeded);
        Assert.Equal(database, await DatabaseDump.DumpAsync(Options.DatabasePath));
    }

    /// <summary>Turns a good backup into one that is not: each a way a file can be damaged or forged.</summary>
    private static async Task SpoilAsync(string zipPath, string kind)
    {
        if (kind == "not-zip")
        {
            await File.WriteAllTextAsync(zipPath, "这不是备份文件");
            return;
        }
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                await s.CopyToAsync(m);
                entries[e.FullName] = m.ToArray();
            }
        }
        var manifest = JsonSerializer.Deserialize<BackupManifest>(entries[BackupManifest.EntryName], BackupManifest.Json)!;
        var files = manifest.Files.ToList();
        void Put(string path, byte[] bytes, bool list = true)
        {
            entries[path] = bytes;
            if (!list) return;
            files.RemoveAll(f => f.Path == path);
            files.Add(new BackupFileEntry(path, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        switch (kind)
        {
            case "no-manifest":
                entries.Remove(BackupManifest.EntryName);
                break;
            case "entry-modified":
                var db = entries[BackupManifest.DatabaseEntry];
                db[^100] ^= 0xFF;
                break;
            case "extra-entry":
                Put("files/2026/03/extra", [1, 2, 3], list: false);
                break;
            case "unsafe-path":
                Put("files/../../evil", [1, 2, 3]);
                break;
            case "not-a-database":
                Put(BackupManifest.DatabaseEntry, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
                break;
            case "newer-schema":
                var path = Path.Combine(Path.GetTempPath(), "gov-newer-" + Guid.NewGuid().ToString("N") + ".db");
                await File.WriteAllBytesAsync(path, entries[BackupManifest.DatabaseEntry]);
                await SqlAsync(path, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('99991231000000_FromTheFuture', '99.0');");
                Put(BackupManifest.DatabaseEntry, await File.ReadAllBytesAsync(path));
                File.Delete(path);
                break;
            case "entry-missing":
                entries.Remove(entries.Keys.First(k => k.StartsWith(BackupManifest.FilesPrefix, StringComparison.Ordinal)));
                break;
        }
        if (entries.ContainsKey(BackupManifest.EntryName))
            entries[BackupManifest.EntryName] = JsonSerializer.SerializeToUtf8Bytes(manifest with { Files = files }, BackupManifest.Json);
        File.Delete(zipPath);
        using var output = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            await using var s = output.CreateEntry(name).Open();
            await s.WriteAsync(bytes);
        }
    }
}
