using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Identity;
using Governance.Workflows.Registers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Workflows.Registers;

/// <summary>
/// The demo column tree (DemoSeeder): a county portal's headings and columns over the units, with every status showing on
/// 2026-03-02 (the host's clock), seeded once however often seeding runs; the first demo seed's top-level columns move under
/// their unit's heading keeping their ids; the first sweep opens one finding per seeded lapse. The tests share one database:
/// none of them changes what another reads (a sweep on the seeding day moves nothing; a moved column is moved back).
/// </summary>
public sealed class DemoColumnTreeTests(WorkflowTestHost host) : IClassFixture<WorkflowTestHost>
{
    private async Task SeedAgainAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedDemoAsync(null);
    }

    private async Task<List<string>> TreeAsync()
    {
        await using var db = host.NewDbContext();
        return await db.Columns.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.Id}|{c.Path}|{c.ParentId}|{c.Unit!.Name}|{c.Category}|{c.Status}|{c.LapseCount}|{c.LastUpdatedAtUtc}").ToListAsync();
    }

    [Theory]
    [InlineData("政务公开", "县数字化信息服务中心", "栏目导航", ColumnStatus.Normal)]
    [InlineData("政务公开/政策文件", "县政府办公室", "政策文件", ColumnStatus.Normal)]
    // 150 days of 183: past 80%.
    [InlineData("政务公开/通知公告", "县政府办公室", "通知公告", ColumnStatus.Warning)]
    // 380 days of 365.
    [InlineData("政务公开/规划计划", "县发展和改革局", "规划计划", ColumnStatus.Overdue)]
    [InlineData("政务公开/部门信息/县教育局/工作动态", "县教育局", "动态要闻", ColumnStatus.Normal)]
    [InlineData("政务公开/部门信息/县财政局/政策文件", "县财政局", "政策文件", ColumnStatus.Normal)]
    // 13 days of 14.
    [InlineData("政务公开/部门信息/县农业农村局/工作动态", "县农业农村局", "动态要闻", ColumnStatus.Warning)]
    // 200 days of 183.
    [InlineData("政务公开/部门信息/县卫生健康局/通知公告", "县卫生健康局", "通知公告", ColumnStatus.Overdue)]
    // Opened 30 days ago, never updated.
    [InlineData("政务公开/镇街信息/午井镇/通知公告", "午井镇人民政府", "通知公告", ColumnStatus.Blank)]
    [InlineData("新闻中心/镇街动态", "城关街道办事处", "动态要闻", ColumnStatus.Overdue)]
    [InlineData("互动交流/县长信箱", "县政府办公室", "互动交流", ColumnStatus.Normal)]
    // A special column committed to 每周, opened 20 days ago, nothing published.
    [InlineData("专题专栏/安全生产月", "县应急管理局", "专题专栏", ColumnStatus.Blank)]
    public async Task Seed_TreeWithEveryStatus(string path, string unit, string category, ColumnStatus status)
    {
        await using var db = host.NewDbContext();
        var c = await db.Columns.AsNoTracking().Include(x => x.Unit).SingleAsync(x => x.Path == path);

        Assert.Equal((unit, category, status), (c.Unit!.Name, c.Category, c.Status));
        Assert.Equal(Staleness.IsLapse(status) ? 1 : 0, c.LapseCount);
        if (c.ParentId is { } parent) Assert.Equal(path[..path.LastIndexOf('/')], await db.Columns.Where(x => x.Id == parent).Select(x => x.Path).SingleAsync());
        if (category != "栏目导航") Assert.False(string.IsNullOrEmpty(c.Url));
    }

    [Fact]
    public async Task Seed_AgainChangesNothing_AndKeepsOneOfEachColumnTheTestsUseByName()
    {
        var before = await TreeAsync();

        await SeedAgainAsync();

        Assert.Equal(before, await TreeAsync());
        await using var db = host.NewDbContext();
        foreach (var unit in new[] { "县教育局", "县财政局" })
        foreach (var name in new[] { "工作动态", "通知公告", "政策文件" })
            Assert.Equal(1, await db.Columns.CountAsync(c => c.Unit!.Name == unit && c.Name == name));
    }

    [Fact]
    public async Task Seed_FirstDemoSeedsTopLevelColumns_MoveUnderTheirHeading_KeepingTheirIds()
    {
        int id;
        await using (var db = host.NewDbContext())
        {
            id = await db.Columns.Where(c => c.Unit!.Name == "县教育局" && c.Name == "工作动态").Select(c => c.Id).SingleAsync();
            // As the first demo seed left it: at the top.
            await db.Columns.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (int?)null).SetProperty(c => c.Path, "工作动态"));
        }

        await SeedAgainAsync();

        await using var check = host.NewDbContext();
        var moved = await check.Columns.SingleAsync(c => c.Unit!.Name == "县教育局" && c.Name == "工作动态");
        Assert.Equal((id, "政务公开/部门信息/县教育局/工作动态"), (moved.Id, moved.Path));
    }

    [Fact]
    public async Task FirstSweep_OpensOneFindingPerSeededLapse()
    {
        await host.Get<ColumnStalenessSweep>().RunAsync();
        await host.Get<ColumnStalenessSweep>().RunAsync();

        await using var check = host.NewDbContext();
        var lapsed = await check.Columns.Where(c => c.Status == ColumnStatus.Overdue || c.Status == ColumnStatus.Blank).Select(c => c.Path).ToListAsync();
        // 规划计划, 卫健局 通知公告, 天度镇 工作动态, 午井镇 通知公告 (blank), 镇街动态, 安全生产月 (blank).
        Assert.Equal(6, lapsed.Count);
        var findings = await check.Findings.Where(f => f.ColumnId != null).Select(f => f.Column!.Path + " " + f.Category).OrderBy(x => x).ToListAsync();
        Assert.Equal(new[]
        {
            "专题专栏/安全生产月 空白栏目", "政务公开/规划计划 信息不更新", "政务公开/部门信息/县卫生健康局/通知公告 信息不更新",
            "政务公开/镇街信息/午井镇/通知公告 空白栏目", "政务公开/镇街信息/天度镇/工作动态 信息不更新", "新闻中心/镇街动态 信息不更新",
        }.Order(StringComparer.Ordinal), findings.Order(StringComparer.Ordinal));
    }
}
