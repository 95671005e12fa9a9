using Bunit;
using Governance.Tests.Support;
using Governance.Web.Features.CitizenMessages;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.AspNetCore.Components;

namespace Governance.Tests.Web.CitizenMessages;

/// <summary>
/// The W3 detail page for different demo users: the citizen's name and contacts only for the Monitors and the handling
/// unit (masked, with the note, for the rest); the reply editor only for the handling unit's Editor while 办理中; the
/// saved reply is what the server stored.
/// </summary>
public sealed class MessageDetailPageTests(MessageHostFixture fixture) : BunitTestContext, IClassFixture<MessageHostFixture>
{
    private WorkflowTestHost Host => fixture.Host;

    private async Task<IRenderedComponent<MessageDetailPage>> RenderAsync(string userName, long id)
    {
        await MessageScreens.SignInAsync(this, Host, userName);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = Render<MessageDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(10));
        return cut;
    }

    private async Task<long> DraftingMessageAsync(string sourceRef)
    {
        var id = await MessageScreens.IntakeAsync(Host, sourceRef, "学校周边交通安全咨询", citizenName: "王小明", phone: "13900001111",
            email: "wxm@example.com");
        await MessageScreens.DraftingAsync(Host, id);
        return id;
    }

    [Theory]
    [InlineData("monitor")]
    [InlineData("editor")]
    [InlineData("reviewer")]
    public async Task Monitor_and_handling_unit_see_the_citizens_name_and_contacts(string userName)
    {
        var id = await DraftingMessageAsync("detail-pii-" + userName);

        var cut = await RenderAsync(userName, id);

        Assert.Contains("王小明", cut.Markup);
        Assert.Contains("13900001111", cut.Markup);
        Assert.Contains("wxm@example.com", cut.Markup);
        Assert.Empty(cut.FindAll("#personal-data-masked"));
        Assert.Contains("学校周边交通安全咨询，请相关部门答复。", cut.Find("#message-content").TextContent);
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("observer")]
    public async Task County_roles_outside_the_handling_see_masked_personal_data_with_the_note(string userName)
    {
        var id = await DraftingMessageAsync("detail-mask-" + userName);

        var cut = await RenderAsync(userName, id);

        Assert.DoesNotContain("王小明", cut.Markup);
        Assert.Contains("王**", cut.Markup);
        Assert.DoesNotContain("13900001111", cut.Markup);
        Assert.DoesNotContain("wxm@example.com", cut.Markup);
        Assert.Contains("个人信息仅监测员与承办单位可见", cut.Find("#personal-data-masked").TextContent);
    }

    [Fact]
    public async Task Another_units_editor_gets_not_found()
    {
        var id = await DraftingMessageAsync("detail-other-unit");

        var cut = await RenderAsync("editor2", id);

        Assert.Contains("事项不存在，或您无权查看", cut.Find("#not-found").TextContent);
        Assert.DoesNotContain("王小明", cut.Markup);
    }

    [Theory]
    [InlineData("editor", true)]
    [InlineData("reviewer", false)]
    [InlineData("monitor", false)]
    public async Task Reply_editor_only_for_the_handling_units_editor_while_drafting(string userName, bool editor)
    {
        var id = await DraftingMessageAsync("detail-editor-" + userName);

        var cut = await RenderAsync(userName, id);

        Assert.Equal(editor, cut.FindAll("#reply-editor").Count == 1);
        Assert.Equal(!editor, cut.FindAll("#reply-text").Count == 1);
    }

    [Fact]
    public async Task No_reply_editor_before_the_unit_accepts()
    {
        var id = await MessageScreens.IntakeAsync(Host, "detail-assigned", "农村低保申请咨询");
        await MessageScreens.AssignAsync(Host, id);

        var cut = await RenderAsync("editor", id);

        Assert.Empty(cut.FindAll("#reply-editor"));
        Assert.Contains("签收", cut.FindAll("button[data-trigger]").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public async Task Editor_saves_the_reply_and_the_precheck_lists_a_phone_number()
    {
        var id = await DraftingMessageAsync("detail-save");
        var cut = await RenderAsync("editor", id);

        cut.Find("#reply-input").Input("您好，请拨打 13812345678 咨询。");
        cut.Find("#run-precheck").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#precheck-hits [data-rule='pii.mobile']")));
        cut.Find("#save-reply").Click();

        await WaitStoredAsync(id, "您好，请拨打 13812345678 咨询。");
        // One click masks the number; saved again on the new version.
        cut.Find("[data-apply='pii.mobile']").Click();
        cut.WaitForAssertion(() => Assert.Contains("138****5678", cut.Find("#reply-input").GetAttribute("value") ?? cut.Find("#reply-input").TextContent));
        cut.WaitForAssertion(() => Assert.False(cut.Find("#save-reply").HasAttribute("disabled")));
        cut.Find("#save-reply").Click();
        await WaitStoredAsync(id, "您好，请拨打 138****5678 咨询。");
    }

    [Fact]
    public async Task A_stale_version_shows_the_servers_message_and_keeps_the_text()
    {
        var id = await DraftingMessageAsync("detail-stale");
        var cut = await RenderAsync("editor", id);
        // Someone else saves meanwhile (the page here does not hear of it: another process).
        var other = await Host.Get<CitizenMessageService>().SaveReplyAsync(id, await MessageScreens.VersionAsync(Host, id),
            await Host.ActorAsync("editor"), "另一位编辑的答复");
        Assert.True(other.Succeeded);

        cut.Find("#reply-input").Input("我的答复");
        cut.Find("#save-reply").Click();

        cut.WaitForAssertion(() => Assert.Contains("该事项已被他人处理或修改", cut.Find("#reply-error").TextContent));
        Assert.Contains("我的答复", cut.Find("#reply-input").GetAttribute("value") ?? cut.Find("#reply-input").TextContent);
    }

    [Fact]
    public async Task Replied_message_shows_the_reply_and_whether_it_was_on_time()
    {
        var id = await DraftingMessageAsync("detail-replied");
        var v = await MessageScreens.SubmitReplyAsync(Host, id);
        await Host.MustFireAsync(id, v, CitizenMessageWorkflow.T.ApproveReply, "reviewer");

        var cut = await RenderAsync("monitor", id);

        Assert.Contains("您好，您反映的问题已收悉", cut.Find("#reply-text").TextContent);
        Assert.Contains("是，在答复时限内", cut.Find("#reply-outcome").TextContent);
    }

    private async Task WaitStoredAsync(long id, string reply)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var db = Host.NewDbContext();
            if (db.CitizenMessages.Single(m => m.InstanceId == id).ReplyText == reply) return;
            await Task.Delay(50);
        }
        await using var last = Host.NewDbContext();
        Assert.Equal(reply, last.CitizenMessages.Single(m => m.InstanceId == id).ReplyText);
    }
}
