using Governance.Tests.Support;
using Governance.Workflows.Backups;
using Microsoft.Data.Sqlite;

namespace Governance.Tests.Integration;

/// <summary>
/// 第15条(一) as the county's IT staff run it: `backup` takes one beside the data, `restore &lt;file&gt;` brings it back with the
/// portal stopped (then `audit verify` is intact), and refuses — with a Chinese reason, exit 1, nothing changed — a file
/// that is not a backup or a data directory a running portal holds.
/// </summary>
public sealed class BackupCommandLineTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private string DataDirectory => Path.GetDirectoryName(_host.DatabasePath)!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<string> UnitNameAsync() => ExternalTools.Sqlite3Async(_host.DatabasePath, "SELECT Name FROM Units WHERE Id = 1;");

    [Fact]
    public async Task BackupThenRestore_Verbs_DataBackAsItWas_AuditIntact()
    {
        var name = await UnitNameAsync();

        var backup = await ExternalTools.RunWebAsync(DataDirectory, "backup");

        Assert.True(backup.ExitCode == 0, backup.All);
        Assert.Contains("备份完成", backup.Out, StringComparison.Ordinal);
        var zip = backup.Out.Trim().Split('\n')[^1].Trim();
        Assert.True(File.Exists(zip), zip);
        Assert.StartsWith(Path.Combine(DataDirectory, "backups"), zip, StringComparison.Ordinal);

        await ExternalTools.Sqlite3Async(_host.DatabasePath, "UPDATE Units SET Name = '被改掉的单位名' WHERE Id = 1;");
        var restore = await ExternalTools.RunWebAsync(DataDirectory, "restore", zip);

        Assert.True(restore.ExitCode == 0, restore.All);
        Assert.Contains("已从", restore.Out, StringComparison.Ordinal);
        Assert.Equal(name, await UnitNameAsync());
        Assert.Equal("backup.restore", await ExternalTools.Sqlite3Async(_host.DatabasePath, "SELECT Kind FROM AuditEntries ORDER BY Id DESC LIMIT 1;"));
        var verify = await ExternalTools.RunWebAsync(DataDirectory, "audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.All);
    }

    [Fact]
    public async Task Restore_OnAnEmptyDataDirectory_DisasterRecovery_PortalDataAndAuditBack()
    {
        var backup = await ExternalTools.RunWebAsync(DataDirectory, "backup");
        Assert.True(backup.ExitCode == 0, backup.All);
        var zip = backup.Out.Trim().Split('\n')[^1].Trim();
        var fresh = Path.Combine(DataDirectory, "new-server");
        Directory.CreateDirectory(fresh);

        var restore = await ExternalTools.RunWebAsync(fresh, "restore", zip);

        Assert.True(restore.ExitCode == 0, restore.All);
        Assert.Equal(await UnitNameAsync(), await ExternalTools.Sqlite3Async(Path.Combine(fresh, "governance.db"), "SELECT Name FROM Units WHERE Id = 1;"));
        var verify = await ExternalTools.RunWebAsync(fresh, "audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.All);
    }

    [Fact]
    public async Task Restore_NotABackup_ChineseReasonExit1_NothingChanged()
    {
        var file = Path.Combine(DataDirectory, "notes.zip");
        await File.WriteAllTextAsync(file, "这不是备份");
        var before = await DatabaseDump.DumpAsync(_host.DatabasePath);

        var result = await ExternalTools.RunWebAsync(DataDirectory, "restore", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("不是有效的备份文件，未做任何更改：无法作为 zip 压缩包读取", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.DumpAsync(_host.DatabasePath));
    }

    [Fact]
    public async Task Restore_WhileThePortalRuns_RefusedExit1_NothingChanged()
    {
        var backup = await ExternalTools.RunWebAsync(DataDirectory, "backup");
        Assert.True(backup.ExitCode == 0, backup.All);
        var zip = backup.Out.Trim().Split('\n')[^1].Trim();
        var before = await DatabaseDump.DumpAsync(_host.DatabasePath);

        ProcessResult result;
        // What the running portal holds (DataDirectoryLockService), held here by this process.
        using (var portal = DataDirectoryLock.TryAcquire(DataDirectory))
        {
            Assert.NotNull(portal);
            result = await ExternalTools.RunWebAsync(DataDirectory, "restore", zip);
        }

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("门户正在运行", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.DumpAsync(_host.DatabasePath));
    }

    [Fact]
    public async Task Restore_WithoutAFile_UsageExit2()
    {
        var result = await ExternalTools.RunWebAsync(DataDirectory, "restore");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("restore <备份文件.zip>", result.Error, StringComparison.Ordinal);
    }
}
