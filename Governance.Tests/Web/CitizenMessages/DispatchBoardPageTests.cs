using Bunit;
using Governance.Tests.Support;
using Governance.Web.Features.CitizenMessages;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using S = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.S;

namespace Governance.Tests.Web.CitizenMessages;

/// <summary>
/// The Monitor's 分办台: waiting messages oldest first; two selected and assigned in one dialog become two transitions,
/// each journaled on its own, both 已批办 at 县教育局; a message changed meanwhile is refused with the server's reason.
/// </summary>
public sealed class DispatchBoardPageTests : BunitTestContext
{
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private async Task<(WorkflowTestHost Host, IRenderedComponent<DispatchBoardPage> Cut, IRenderedComponent<MudDialogProvider> Dialogs, long A, long B)>
        BoardAsync()
    {
        var host = await WorkflowTestHost.CreateAsync();
        var a = await MessageScreens.IntakeAsync(host, "board-a", "小区停车难问题建议");
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var b = await MessageScreens.IntakeAsync(host, "board-b", "中学食堂收费咨询");
        _popovers = await MessageScreens.SignInAsync(this, host, "monitor");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<DispatchBoardPage>();
        cut.WaitForElement("#dispatch-board");
        return (host, cut, dialogs, a, b);
    }

    private static void Select(IRenderedComponent<DispatchBoardPage> cut, long id) =>
        cut.Find($"tr[data-message='{id}'] .select-message input").Change(true);

    private void ChooseUnit(IRenderedComponent<MudDialogProvider> dialogs, string unit)
    {
        dialogs.Find("#assign-unit").Focus();
        dialogs.Find("#assign-unit").Input(unit);
        _popovers.WaitForAssertion(() => Assert.Contains(_popovers.FindAll(".mud-list-item"), i => i.TextContent.Contains(unit, StringComparison.Ordinal)));
        _popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == unit).Click();
    }

    [Fact]
    public async Task Two_selected_messages_are_assigned_each_in_its_own_transition()
    {
        var (host, cut, dialogs, a, b) = await BoardAsync();
        await using var _ = host;
        Assert.Equal([a.ToString(), b.ToString()], cut.FindAll("#dispatch-board tbody tr").Select(r => r.GetAttribute("data-message")!));
        Assert.True(cut.Find("#assign").HasAttribute("disabled"));

        Select(cut, a);
        Select(cut, b);
        Assert.Contains("已选 2 条", cut.Find("#assign").TextContent);
        cut.Find("#assign").Click();
        dialogs.WaitForElement("#assign-unit");
        ChooseUnit(dialogs, MessageScreens.Education);
        dialogs.Find("#assign-comment").Input("请按政策答复。");
        dialogs.Find("#assign-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#assign-results tr[data-ok='true']").Count), TimeSpan.FromSeconds(10));
        Assert.Contains("分办给 县教育局", cut.Find("#assign-results").TextContent);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#board-empty")));
        var education = await host.UnitIdAsync(MessageScreens.Education);
        foreach (var id in new[] { a, b })
        {
            var instance = await host.InstanceAsync(id);
            Assert.Equal(S.Assigned, instance.State);
            Assert.Equal(education, instance.HandlingUnitId);
            var assign = Assert.Single(await host.JournalAsync(id), j => j.Trigger == CitizenMessageWorkflow.T.Assign);
            Assert.Equal("请按政策答复。", assign.Comment);
            Assert.Equal(await host.UserIdAsync("monitor"), assign.ActorUserId);
        }
    }

    [Fact]
    public async Task A_message_changed_meanwhile_is_refused_with_the_servers_reason()
    {
        var (host, cut, dialogs, a, b) = await BoardAsync();
        await using var _ = host;
        Select(cut, a);
        Select(cut, b);
        // Another Monitor assigns b first (another process: this board still shows b's old version).
        await MessageScreens.AssignAsync(host, b, "县财政局");

        cut.Find("#assign").Click();
        dialogs.WaitForElement("#assign-unit");
        ChooseUnit(dialogs, MessageScreens.Education);
        dialogs.Find("#assign-confirm").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#assign-results tr[data-ok='false']")), TimeSpan.FromSeconds(10));
        Assert.Contains("该事项已被他人处理或修改", cut.Find($"#assign-results tr[data-result='{b}']").TextContent);
        Assert.Equal("true", cut.Find($"#assign-results tr[data-result='{a}']").GetAttribute("data-ok"));
        Assert.Equal(await host.UnitIdAsync("县财政局"), (await host.InstanceAsync(b)).HandlingUnitId);
        Assert.Equal(await host.UnitIdAsync(MessageScreens.Education), (await host.InstanceAsync(a)).HandlingUnitId);
    }

    [Fact]
    public async Task The_dialog_insists_on_a_unit_and_offers_only_towns_and_departments()
    {
        var (host, cut, dialogs, a, _) = await BoardAsync();
        await using var _ = host;
        Select(cut, a);
        cut.Find("#assign").Click();
        dialogs.WaitForElement("#assign-unit");

        dialogs.Find("#assign-confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("请选择承办单位", dialogs.Markup));
        dialogs.Find("#assign-unit").Focus();
        dialogs.Find("#assign-unit").Input("县");
        _popovers.WaitForAssertion(() => Assert.NotEmpty(_popovers.FindAll(".mud-list-item")));
        var offered = _popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Contains("县教育局", offered);
        Assert.DoesNotContain("县数字化信息服务中心", offered);
        Assert.DoesNotContain("县委网信办", offered);
    }

}
