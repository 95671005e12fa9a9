using Bunit;
using Governance.Tests.Support;
using Governance.Tests.Web.CitizenMessages;
using Governance.Web.Features.Inbox;
using Governance.Web.Features.Shared;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using W3 = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>
/// The 工作台 as plain rows: 55 messages waiting for the Monitor's 分办 show 50 to a page with a pager, each row with its
/// number, link, state chip and deadline; the second page holds the other 5; when the clock passes the deadline and any
/// item changes, the list follows (paced by LiveReload) and marks every row and the header 已超期.
/// </summary>
public sealed class InboxPageTests : BunitTestContext
{
    [Fact]
    public async Task FiftyFiveWaiting_FiftyAPage_RowsCarryTheirState_ThenOverdueAfterAChange()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 55; i++) ids.Add(await MessageScreens.IntakeAsync(host, $"inbox-{i}", $"关于第{i}号路灯不亮的反映"));
        await MessageScreens.SignInAsync(this, host, "monitor");
        var cut = Render<InboxPage>();
        cut.WaitForElement("#inbox-table");

        Assert.Equal(50, cut.FindAll("#inbox-table tbody tr").Count);
        Assert.Contains("第 1–50 项，共 55 项", cut.Find("#inbox-pager").TextContent);
        Assert.Contains("待办 55 项", cut.Markup);
        var row = cut.FindAll("#inbox-table tbody tr")[0];
        Assert.Equal("网民留言办理", row.Children[0].TextContent.Trim());
        Assert.Equal("待分办", row.QuerySelector(".status-chip")!.TextContent.Trim());
        Assert.StartsWith("/messages/", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.DoesNotContain("已超期", cut.Find("#inbox-table").TextContent);
        Assert.True(cut.Find("#inbox-prev").HasAttribute("disabled"));

        cut.Find("#inbox-next").Click();
        Assert.Equal(5, cut.FindAll("#inbox-table tbody tr").Count);
        Assert.Contains("第 51–55 项，共 55 项", cut.Find("#inbox-pager").TextContent);
        Assert.True(cut.Find("#inbox-next").HasAttribute("disabled"));

        // Ten days later something changes somewhere: the list reads again, and every row is past its 分办 deadline.
        host.Clock.Advance(TimeSpan.FromDays(10));
        Services.GetRequiredService<ChangeFeed>().PublishInstance(ids[0]);
        cut.WaitForAssertion(() => Assert.Contains("已超期 55 项", cut.Markup));
        Assert.Contains("第 51–55 项，共 55 项", cut.Find("#inbox-pager").TextContent); // the clerk stays on the page
        Assert.All(cut.FindAll("#inbox-table tbody tr"), r => Assert.Contains("（已超期）", r.Children[5].TextContent));
        Assert.Equal(5, cut.FindAll("#inbox-table tbody td .overdue").Count);
    }

    /// <summary>
    /// A bureau's 工作台 follows its own unit's items and is not read again for another bureau's: the live-update fan-out
    /// that made CPU per interaction grow with the number of open circuits (PERFORMANCE.md, third round).
    /// </summary>
    [Fact]
    public async Task AUnitEditorsInbox_FollowsItsOwnUnitsItems_NotAnotherBureaus()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var mine = await MessageScreens.IntakeAsync(host, "inbox-mine", "关于学校门口路灯不亮的反映");
        var theirs = await MessageScreens.IntakeAsync(host, "inbox-theirs", "关于助学金发放时间的咨询");
        await MessageScreens.AssignAsync(host, mine);
        await MessageScreens.AssignAsync(host, theirs, "县财政局");
        await MessageScreens.SignInAsync(this, host, "editor");
        var cut = Render<InboxPage>();
        cut.WaitForElement("#inbox-table");
        Assert.Contains("路灯", Assert.Single(cut.FindAll("#inbox-table tbody tr")).TextContent);
        var renders = cut.RenderCount;

        // The page's process is the bUnit context's: transitions go through its runtime, whose feed the page listens to.
        var runtime = Services.GetRequiredService<WorkflowRuntime>();
        async Task FireAsync(long id, string trigger, string user, Dictionary<string, string?>? fields = null)
        {
            var r = await runtime.FireAsync(id, await MessageScreens.VersionAsync(host, id), trigger, await host.ActorAsync(user),
                new FireInput(null, fields));
            Assert.Equal(FireStatus.Applied, r.Status);
        }

        // 县财政局 signs for its own message: nothing on 县教育局's 工作台 changes, and it is not read or rendered again.
        await FireAsync(theirs, W3.T.Accept, "editor2");
        await Task.Delay(LiveReload.Delay * 4);
        Assert.Equal(renders, cut.RenderCount);

        // A message handed to 县教育局 reaches its 工作台 without a reload of the page.
        var next = await MessageScreens.IntakeAsync(host, "inbox-next", "关于校车接送路线的建议");
        await FireAsync(next, W3.T.Assign, "monitor",
            new() { ["unit"] = (await host.UnitIdAsync("县教育局")).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#inbox-table tbody tr").Count), TimeSpan.FromSeconds(10));
        Assert.Contains("校车", cut.Find("#inbox-table").TextContent);
    }
}
