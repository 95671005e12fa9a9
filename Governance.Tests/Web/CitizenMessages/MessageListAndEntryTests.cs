using AngleSharp.Dom;
using Bunit;
using Governance.Tests.Support;
using Governance.Web.Features.CitizenMessages;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web.CitizenMessages;

/// <summary>
/// The message list (a Monitor sees all, a unit what it handles; the days left coloured by urgency) and manual entry
/// (the server's field errors next to their fields; success opens the new message).
/// </summary>
public sealed class MessageListAndEntryTests(MessageListAndEntryTests.Seeded seeded) : BunitTestContext, IClassFixture<MessageListAndEntryTests.Seeded>
{
    public sealed class Seeded : IAsyncLifetime
    {
        public WorkflowTestHost Host { get; private set; } = default!;
        public long Education, Finance, Waiting;

        public async Task InitializeAsync()
        {
            Host = await WorkflowTestHost.CreateAsync();
            Education = await MessageScreens.IntakeAsync(Host, "list-edu", "幼儿园收费标准咨询");
            await MessageScreens.DraftingAsync(Host, Education);
            Finance = await MessageScreens.IntakeAsync(Host, "list-fin", "惠农补贴发放进度");
            await MessageScreens.AssignAsync(Host, Finance, "县财政局");
            Waiting = await MessageScreens.IntakeAsync(Host, "list-new", "公交线路调整建议");
        }

        public Task DisposeAsync() => Host.DisposeAsync();
    }

    private async Task<IRenderedComponent<MessageListPage>> ListAsync(string userName)
    {
        await MessageScreens.SignInAsync(this, seeded.Host, userName);
        var cut = Render<MessageListPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#message-grid a[data-message]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static List<string> Titles(IRenderedComponent<MessageListPage> cut) =>
        cut.FindAll("#message-grid a[data-message]").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Monitor_sees_every_message_and_the_dispatch_buttons()
    {
        var cut = await ListAsync("monitor");

        Assert.Equal(3, Titles(cut).Count);
        Assert.Contains("幼儿园收费标准咨询", Titles(cut));
        foreach (var id in new[] { "#to-dispatch", "#to-new", "#to-import", "#to-stats" }) Assert.NotNull(cut.Find(id));
        var row = cut.Find($"#message-grid a[data-message='{seeded.Education}']").Closest("tr")!;
        Assert.Contains("县教育局", row.TextContent);
        Assert.Contains("办理中", row.QuerySelector(".status-chip")!.TextContent);
        // Assigned Monday: 4 working days to Friday.
        Assert.Equal("4 个工作日", row.QuerySelector("[data-days-left]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_unit_sees_only_what_it_handles_and_no_dispatch_buttons()
    {
        var cut = await ListAsync("editor2");

        Assert.Equal(["惠农补贴发放进度"], Titles(cut));
        Assert.Empty(cut.FindAll("#to-dispatch"));
        Assert.Empty(cut.FindAll("#to-stats"));
    }

    [Theory]
    [InlineData(-2, "已超期 2 个工作日", "overdue")]
    [InlineData(0, "今日到期", "overdue")]
    [InlineData(1, "1 个工作日", "due-soon")]
    [InlineData(3, "3 个工作日", "")]
    public void Days_left_are_coloured_by_urgency(int left, string text, string css)
    {
        var now = new DateTime(2026, 3, 4, 2, 0, 0, DateTimeKind.Utc);
        var due = left < 0 ? now.AddDays(-3) : now.AddHours(10);
        var row = new MessageRow(1, "LY-1", "标题", "咨询", "Drafting", "办理中", StateTone.Info, "县教育局", now, due, left, null);

        Assert.Equal((text, css), MessageListPage.DaysLeft(row, now));
    }

    private async Task<IRenderedComponent<NewMessagePage>> EntryAsync()
    {
        await MessageScreens.SignInAsync(this, seeded.Host, "monitor");
        return Render<NewMessagePage>();
    }

    /// <summary>Typing then leaving the box, as a user does (the fields commit on blur).</summary>
    private static void Type(IRenderedComponent<NewMessagePage> cut, string id, string text)
    {
        var box = cut.Find("#" + id);
        if (box.HasAttribute("blazor:oninput")) box.Input(text); // a box with a live counter
        else box.Change(text);
    }

    private static string FieldText(IRenderedComponent<NewMessagePage> cut, string id) =>
        cut.Find("#" + id).Closest(".mud-input-control")!.TextContent;

    [Fact]
    public async Task Field_errors_from_the_server_appear_next_to_their_fields()
    {
        var cut = await EntryAsync();
        Type(cut, "title", "路口红绿灯时间太短");
        Type(cut, "citizenEmail", "不是邮箱");

        cut.Find("#save").Click();

        cut.WaitForAssertion(() => Assert.Contains("电子邮箱格式不正确", FieldText(cut, "citizenEmail")));
        Assert.Contains("请填写留言内容", FieldText(cut, "content"));
        Assert.Contains("请填写留言人姓名", FieldText(cut, "citizenName"));
        Assert.DoesNotContain("请填写", FieldText(cut, "title"));
        Assert.Contains("请更正标红的内容", cut.Find("#form-error").TextContent);
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_entry_opens_the_new_message()
    {
        var cut = await EntryAsync();
        Type(cut, "title", "来电：老旧小区加装电梯咨询");
        Type(cut, "content", "市民来电询问老旧小区加装电梯的补贴政策。");
        Type(cut, "citizenName", "周女士");
        Type(cut, "citizenPhone", "0917-5521234");
        Type(cut, "sourceRef", "LD-20260302-01");

        cut.Find("#save").Click();

        var nav = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"/messages/\d+$", nav.Uri), TimeSpan.FromSeconds(10));
        var id = long.Parse(nav.Uri.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await using var db = seeded.Host.NewDbContext();
        var m = await db.CitizenMessages.AsNoTracking().SingleAsync(x => x.InstanceId == id);
        Assert.Equal(("LD-20260302-01", "人工录入", "咨询", "0917-5521234"), (m.SourceRef, m.Channel, m.Category, m.CitizenPhone));
        Assert.Equal(CitizenMessageWorkflow.S.Received, (await seeded.Host.InstanceAsync(id)).State);
    }
}
