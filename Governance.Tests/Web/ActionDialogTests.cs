using Bunit;
using Governance.Data;
using Governance.Workflows;
using Governance.Web.Features.Shared;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Governance.Tests.Web;

/// <summary>The dialog behind an action button: the opinion box counts characters while the user types.</summary>
public sealed class ActionDialogTests : BunitTestContext
{
    private static readonly AvailableAction Return = new("UnitReturn", "退回修改", "UnitReviewer", true, ActionStyle.Secondary, []);

    public ActionDialogTests()
    {
        // The dialog may inject workflow services (unit choices); rendering this action never touches the database.
        Services.AddLogging();
        Services.AddGovernanceData(DataServiceCollectionExtensions.SqliteConnectionString(
            Path.Combine(Path.GetTempPath(), "gov-web-tests", "unused.db")));
        Services.AddGovernanceWorkflows();
        // The runtime resolves every rules class at start; some write the audit chain, whose anchors need a folder.
        Services.AddSingleton(new Governance.Workflows.Audit.AuditAnchorOptions
        {
            Directory = Path.Combine(Path.GetTempPath(), "gov-web-tests", "audit-anchors"),
        });
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<ActionDialog>(Return.DisplayName,
            new DialogParameters<ActionDialog> { { x => x.Action, Return } }));
        dialogs.WaitForElement("textarea#action-comment");
        return dialogs;
    }

    [Fact]
    public async Task Comment_typing_updates_the_counter_before_leaving_the_box()
    {
        var dialogs = await OpenAsync();
        Assert.Contains("0 / 2000", dialogs.Markup, StringComparison.Ordinal);

        // Keystrokes only (input events), no change/blur: the counter follows anyway.
        dialogs.Find("textarea#action-comment").Input("请补充");
        dialogs.WaitForAssertion(() => Assert.Contains("3 / 2000", dialogs.Markup, StringComparison.Ordinal));

        dialogs.Find("textarea#action-comment").Input("请补充栏目的更新保障措施。");
        dialogs.WaitForAssertion(() => Assert.Contains("13 / 2000", dialogs.Markup, StringComparison.Ordinal));
    }
}
