using Governance.Tests.Support;
using Governance.Workflows.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Audit;

/// <summary>
/// 第15条 防篡改 to the end: the external anchors (files outside the database, written daily and on every verification)
/// catch what the chain alone cannot — the newest entries deleted, or an entry rewritten with a correctly recomputed hash.
/// </summary>
public sealed class AuditAnchorTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;
    private AuditLog Audit => _host.Get<AuditLog>();
    private string AnchorDir => _host.Get<AuditAnchorOptions>().Directory;

    public async Task InitializeAsync()
    {
        _host = await WorkflowTestHost.CreateAsync();
        for (var i = 0; i < 5; i++) await Audit.WriteAsync("u1", "测试", "test", $"第 {i} 条");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<long>> IdsAsync()
    {
        await using var db = _host.NewDbContext();
        return await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
    }

    private string[] AnchorLines() => Directory.EnumerateFiles(AnchorDir, "audit-anchors-*.log").Order(StringComparer.Ordinal)
        .SelectMany(File.ReadAllLines).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Fact]
    public async Task VerifyAsync_NewestEntriesDeleted_DetectedByTheAnchor()
    {
        var ids = await IdsAsync();
        var first = await Audit.VerifyAsync();
        Assert.True(first.Intact, first.Message);
        var head = (await Audit.HeadAsync())!;
        Assert.Single(AnchorLines(), l => l.EndsWith($"\tverify\t{ids[^1]}\t{head.Hash}", StringComparison.Ordinal));

        var from = ids[^2];
        await using (var db = _host.NewDbContext())
            await db.AuditEntries.Where(a => a.Id >= from).ExecuteDeleteAsync();
        // Without the anchor, what is left still links up.
        await using (var db = _host.NewDbContext())
            Assert.Equal(ids.Count - 2, await db.AuditEntries.CountAsync());

        var result = await Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(ids[^2], result.FirstBrokenId);
        Assert.Contains($"第 {ids[^2]} 至 {ids[^1]} 条记录缺失", result.Message, StringComparison.Ordinal);
        // A broken chain is not anchored.
        Assert.Single(AnchorLines());
    }

    [Fact]
    public async Task VerifyAsync_EntryRewrittenWithRecomputedHash_DetectedByTheAnchor()
    {
        Assert.True((await Audit.VerifyAsync()).Intact);
        var last = (await Audit.HeadAsync())!;
        // An attacker who knows the hashing rules rewrites the newest entry and its hash: the chain checks out.
        last.Detail = "改写的内容";
        var rehashed = AuditLog.ComputeHash(last);
        await using (var db = _host.NewDbContext())
            await db.AuditEntries.Where(a => a.Id == last.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, last.Detail).SetProperty(a => a.Hash, rehashed));

        var result = await Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(last.Id, result.FirstBrokenId);
        Assert.Contains("与外部锚点不符", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AnchorFileLineEdited_Broken()
    {
        Assert.True((await Audit.VerifyAsync()).Intact);
        var file = Directory.EnumerateFiles(AnchorDir, "audit-anchors-*.log").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("\tverify\t", "\tverify\tx", StringComparison.Ordinal));

        var result = await Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Contains("格式不正确", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnchorDailyAsync_RunTwiceADay_OneLinePerChinaDay()
    {
        Assert.True(await Audit.AnchorDailyAsync());
        Assert.False(await Audit.AnchorDailyAsync());
        await Audit.WriteAsync("u1", "测试", "test", "新的一条");
        Assert.False(await Audit.AnchorDailyAsync());
        Assert.Single(AnchorLines());

        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await Audit.AnchorDailyAsync());
        Assert.False(await Audit.AnchorDailyAsync());

        var lines = AnchorLines();
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("\tdaily\t", l, StringComparison.Ordinal));
        Assert.EndsWith($"\t{(await Audit.HeadAsync())!.Id}\t{(await Audit.HeadAsync())!.Hash}", lines[1], StringComparison.Ordinal);
        Assert.True((await Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task AnchorDailyAsync_ConcurrentRuns_OneLine()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Audit.AnchorDailyAsync())));

        Assert.Single(results, r => r);
        Assert.Single(AnchorLines());
    }

    [Fact]
    public async Task AppendAsync_AfterATornLastLine_StartsOnItsOwnLine_TornPartIgnored()
    {
        Assert.True((await Audit.VerifyAsync()).Intact);
        var file = Directory.EnumerateFiles(AnchorDir, "audit-anchors-*.log").Single();
        File.AppendAllText(file, "2026-03-02T01:00:00.0000000Z\tver"); // a crash mid-write

        var second = await Audit.VerifyAsync();
        var third = await Audit.VerifyAsync();

        Assert.True(second.Intact, second.Message);
        Assert.True(third.Intact, third.Message);
        Assert.Equal(2, third.AnchorsChecked);
    }

    [Fact]
    public void Effective_RestoreLine_RetiresEarlierAnchorsFromItsSeqOn()
    {
        var at = new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);
        var h = (char c) => new string(c, 64);
        var all = new[]
        {
            new AuditAnchor(at, AuditAnchorStore.Daily, 10, h('a'), "f", 1),
            new AuditAnchor(at, AuditAnchorStore.Verify, 20, h('b'), "f", 2),
            new AuditAnchor(at, AuditAnchorStore.Restore, 15, h('c'), "f", 3),
            new AuditAnchor(at, AuditAnchorStore.Verify, 18, h('d'), "f", 4),
        };

        var effective = AuditAnchorStore.Effective(all);

        Assert.Equal([10L, 15L, 18L], effective.Select(a => a.Seq));
    }
}
