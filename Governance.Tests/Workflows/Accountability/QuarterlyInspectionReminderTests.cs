using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Definitions.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.Accountability;

/// <summary>
/// 第20条(一) 每季度全面检测检查: the daily job reminds the Monitors and the AccountabilityOfficers once per quarter (China
/// dates), whatever how often or how concurrently it runs; the next quarter's first run reminds again and names the last
/// quarter's campaign still without its circular.
/// </summary>
public sealed class QuarterlyInspectionReminderTests : IAsyncLifetime
{
    private WorkflowTestHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await WorkflowTestHost.CreateAsync(start: new DateTimeOffset(2026, 3, 2, 9, 5, 0, TimeSpan.FromHours(8)).ToUniversalTime());
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private QuarterlyInspectionReminder Job => _host.Get<QuarterlyInspectionReminder>();

    private async Task<List<(string User, string Title, string? Body, string DedupKey)>> RemindersAsync()
    {
        await using var db = _host.NewDbContext();
        return (await (from n in db.Notifications
                       where n.DedupKey.StartsWith("inspection:")
                       join u in db.Users on n.UserId equals u.Id
                       orderby n.DedupKey
                       select new { u.UserName, n.Title, n.Body, n.DedupKey }).ToListAsync())
            .Select(x => (x.UserName!, x.Title, (string?)x.Body, x.DedupKey)).ToList();
    }

    [Fact]
    public async Task EachQuarter_MonitorsAndOfficersAreRemindedOnce_HoweverOftenTheJobRuns()
    {
        // The first run in Q1 (the server came up on 2 March): the monitor and the officer, once.
        Assert.Equal(2, await Job.RunAsync());
        Assert.Equal(0, await Job.RunAsync());
        var q1 = await RemindersAsync();
        Assert.Equal(["accountability", "monitor"], q1.Select(r => r.User).Order());
        Assert.All(q1, r => Assert.Equal("季度检查提醒：2026年第1季度政府网站全面检测检查", r.Title));
        Assert.All(q1, r => Assert.StartsWith("inspection:2026Q1:", r.DedupKey, StringComparison.Ordinal));

        // Every day of the quarter after that: nothing; 31 March 23:59 China time is still Q1.
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        Assert.Equal(0, await Job.RunAsync());

        var (campaign, _) = await _host.Findings().CreateCampaignAsync(await _host.ActorAsync("monitor"), "2026年第1季度政府网站检查",
            FindingSources.Quarterly, 2026, 1);
        // 1 April 00:00 China time (31 March 16:00 UTC) is Q2: runs at once and concurrently add the two reminders once.
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.Get<QuarterlyInspectionReminder>().RunAsync()));
        Assert.Equal(2, sent.Sum());
        var q2 = (await RemindersAsync()).Where(r => r.DedupKey.StartsWith("inspection:2026Q2:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, q2.Count);
        Assert.All(q2, r => Assert.Contains("请于本季度（2026年4月1日至2026年6月30日）建立“2026年第2季度政府网站检查”批次", r.Body, StringComparison.Ordinal));
        Assert.All(q2, r => Assert.Contains("上季度检查批次“2026年第1季度政府网站检查”尚未生成通报。", r.Body, StringComparison.Ordinal));

        // Q3, the Q2 campaign's circular issued: no mention of a missing one.
        var (q2Campaign, _) = await _host.Findings().CreateCampaignAsync(await _host.ActorAsync("monitor"), "2026年第2季度政府网站检查",
            FindingSources.Quarterly, 2026, 2);
        await _host.Get<CircularService>().IssueAsync(await _host.ActorAsync("accountability"), q2Campaign!.Value);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 1, 9, 5, 0, TimeSpan.FromHours(8)).ToUniversalTime());
        Assert.Equal(2, await Job.RunAsync());
        var q3 = (await RemindersAsync()).Where(r => r.DedupKey.StartsWith("inspection:2026Q3:", StringComparison.Ordinal)).ToList();
        Assert.All(q3, r => Assert.DoesNotContain("尚未生成通报", r.Body, StringComparison.Ordinal));
        Assert.Equal(6, (await RemindersAsync()).Count);
        Assert.NotNull(campaign);
    }
}
