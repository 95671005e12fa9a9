using Bunit;
using Governance.Web;
using Governance.Web.Features.Admin;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Governance.Tests.Web;

/// <summary>新建用户 dialog: the server's Chinese error appears in the dialog and the input is kept.</summary>
public sealed class UsersPageDialogTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    public UsersPageDialogTests(WebDemoDatabase db)
    {
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        Services.AddScoped<Microsoft.AspNetCore.Identity.IdentityErrorDescriber, ChineseIdentityErrorDescriber>(); // as the app does
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    [Fact]
    public void Duplicate_user_name_is_reported_in_the_dialog_and_the_input_is_kept()
    {
        var popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<UsersPage>();
        page.WaitForElement("#users-table");

        page.Find("#new-user").Click();
        dialogs.WaitForElement("input#user-name");
        dialogs.Find("input#user-name").Change("editor");
        dialogs.Find("input#display-name").Change("重名用户");
        dialogs.Find("input#password").Change("abcd1234");
        dialogs.Find("[data-role='Editor']").Change(true);
        // The unit select: open it, then pick 县教育局 from the popover.
        dialogs.Find(".mud-select .mud-input-slot, .mud-select input").MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains("县教育局", popovers.Markup));
        popovers.FindAll(".mud-list-item").First(e => e.TextContent.Contains("县教育局")).Click();

        dialogs.Find("#dialog-confirm").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("用户名“editor”已存在", dialogs.Find("#dialog-error").TextContent));
        Assert.Equal("editor", dialogs.Find("input#user-name").GetAttribute("value"));
        Assert.Equal("重名用户", dialogs.Find("input#display-name").GetAttribute("value"));
    }
}
