using Governance.Tests.Support;
using Governance.Workflows.Registers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// 栏目台账 end to end, on the app's fake clock (Monday 2026-03-02 09:00 China time): the Monitor reads the register and the
/// county's veto figures; 县教育局's Editor records an update of 工作动态; twelve days on, the daily sweep warns A岗 and B岗;
/// fifteen days on, the column is 超期 and its W4 finding waits in the unit's 工作台.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class ColumnRegisterJourneyTests(FakeClockBrowserFixture f) : IClassFixture<FakeClockBrowserFixture>
{
    private const string Path = "政务公开/部门信息/县教育局/工作动态";



    private static ILocator Row(IPage page) =>
        page.Locator("#column-register tbody tr", new() { Has = page.Locator($"td[data-path='{Path}']") });

    /// <summary>The clock moves to 09:00 China time on that day and the daily sweep runs (as Hangfire would at 00:05).</summary>
    private async Task SweepOnAsync(int month, int day)
    {
        f.Clock.SetUtcNow(new DateTimeOffset(2026, month, day, 1, 0, 0, TimeSpan.Zero));
        await f.App.Services.GetRequiredService<ColumnStalenessSweep>().RunAsync();
    }

    [Fact]
    public async Task Register_UpdateRecorded_WarnedOnDay12_OverdueOnDay15_FindingInTheUnitsInbox()
    {
        // 1. The Monitor: the whole tree, the statuses and the county's figures against the veto line.
        var monitor = await f.SignInAsync("monitor");
        await BrowserFixture.OpenAsync(monitor, "/columns");
        await Assertions.Expect(monitor.Locator("#veto-stale .veto-count")).ToHaveTextAsync("3");
        await Assertions.Expect(monitor.Locator("#veto-blank .veto-count")).ToHaveTextAsync("2");
        await Assertions.Expect(monitor.Locator("td[data-path='政务公开/规划计划'] ~ td.status .status-chip")).ToHaveTextAsync("超期");
        await BrowserFixture.ScreenshotAsync(monitor, "70-column-register-monitor");

        // 2. 县教育局's Editor records an update made on the portal's own CMS.
        var editor = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(editor, "/columns");
        await Assertions.Expect(Row(editor).Locator("td[data-label='最近更新']")).ToHaveTextAsync("—");
        await Row(editor).Locator(".row-menu button").ClickAsync();
        await editor.Locator(".menu-record").ClickAsync();
        await editor.Locator("#update-url").FillAsync("https://www.fufeng.gov.cn/jyj/gzdt/202603/t20260302_1.html");
        await editor.Locator("#update-title").FillAsync("县教育局召开春季开学工作会议");
        await BrowserFixture.ScreenshotAsync(editor, "71-column-record-update");
        await editor.Locator("#dialog-confirm").ClickAsync();
        await Assertions.Expect(Row(editor).Locator("td[data-label='最近更新']")).ToContainTextAsync("2026-03-02");
        await Assertions.Expect(Row(editor).Locator(".status-chip")).ToHaveTextAsync("正常");

        // 3. Day 12 of 14: 预警, and A岗 (张信息, this Editor's account) is told.
        await SweepOnAsync(3, 14);
        var warned = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(warned, "/notifications");
        await Assertions.Expect(warned.Locator("#notification-list")).ToContainTextAsync($"栏目更新预警：“{Path}”已 12 天未更新，请于 2026-03-16 前更新");
        await BrowserFixture.OpenAsync(warned, "/columns");
        await Assertions.Expect(Row(warned).Locator(".status-chip")).ToHaveTextAsync("预警");

        // 4. Day 15: 超期 — one W4 finding against 县教育局, in its 工作台.
        await SweepOnAsync(3, 17);
        await SweepOnAsync(3, 17);
        var lapsed = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(lapsed, "/");
        await Assertions.Expect(lapsed.Locator("#inbox-table")).ToContainTextAsync($"栏目超期未更新：{Path}");
        await Assertions.Expect(lapsed.Locator("#inbox-table tr", new() { HasText = $"栏目超期未更新：{Path}" })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(lapsed, "72-column-lapse-finding-in-inbox");
        await BrowserFixture.OpenAsync(lapsed, "/columns");
        await Assertions.Expect(Row(lapsed).Locator(".status-chip")).ToHaveTextAsync("超期");
        await BrowserFixture.ScreenshotAsync(lapsed, "73-column-register-overdue");
    }
}
