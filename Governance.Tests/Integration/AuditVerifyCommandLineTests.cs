using Governance.Tests.Support;
using Governance.Workflows.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Integration;

/// <summary>
/// 第15条 防篡改, as an attacker with the database file and the sqlite3 tool would try it: an edited row, a deleted row in
/// the middle, the newest rows deleted and an inserted row, each written directly into the file with sqlite3, are each
/// found by `audit verify` (exit 1, naming the first broken entry); an untouched log exits 0.
/// </summary>
public sealed class AuditVerifyCommandLineTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;
    private List<long> _ids = [];

    private string DataDirectory => Path.GetDirectoryName(_host.DatabasePath)!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        var audit = _host.Get<AuditLog>();
        for (var i = 0; i < 6; i++) await audit.WriteAsync("u1", "测试", "test", $"第 {i} 条");
        await using var db = _host.NewDbContext();
        _ids = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AuditVerify_Intact_Exit0_AndAnchorsTheNewestEntry()
    {
        SqliteConnection.ClearAllPools();

        var result = await ExternalTools.RunWebAsync(DataDirectory, "audit", "verify");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"审计日志完整，共校验 {_ids.Count} 条记录", result.Out, StringComparison.Ordinal);
        var anchors = await _host.Get<AuditAnchorStore>().ReadAsync();
        Assert.Equal(_ids[^1], Assert.Single(anchors.Anchors).Seq);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("delete-middle")]
    [InlineData("delete-last")]
    [InlineData("insert")]
    public async Task AuditVerify_RowTamperedWithSqlite3_Exit1NamingTheFirstBrokenEntry(string tamper)
    {
        // The portal verified (and so anchored) the log before the attack.
        Assert.True((await _host.Get<AuditLog>().VerifyAsync()).Intact);
        SqliteConnection.ClearAllPools();
        var middle = _ids[_ids.Count / 2];
        var (sql, firstBroken) = tamper switch
        {
            "edit" => ($"UPDATE AuditEntries SET Detail = '篡改后的内容' WHERE Id = {middle};", middle),
            "delete-middle" => ($"DELETE FROM AuditEntries WHERE Id = {middle};", middle),
            "delete-last" => ($"DELETE FROM AuditEntries WHERE Id >= {_ids[^2]};", _ids[^2]),
            // Appended after the newest entry and chained to it; its hash cannot be right.
            "insert" => ("INSERT INTO AuditEntries (AtUtc, UserId, UserName, Kind, Detail, PrevHash, Hash) " +
                         "SELECT AtUtc, UserId, UserName, 'login', '伪造的记录', Hash, Hash FROM AuditEntries ORDER BY Id DESC LIMIT 1;", _ids[^1] + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(tamper)),
        };
        await ExternalTools.Sqlite3Async(_host.DatabasePath, sql);

        var result = await ExternalTools.RunWebAsync(DataDirectory, "audit", "verify");

        Assert.True(result.ExitCode == 1, result.All);
        Assert.Contains("审计日志校验未通过", result.Out, StringComparison.Ordinal);
        Assert.Contains($"首个问题记录：第 {firstBroken} 条", result.Out, StringComparison.Ordinal);
    }
}
