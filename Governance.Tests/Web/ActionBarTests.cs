using Bunit;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows;
using Governance.Web.Features.Shared;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

public sealed class ActionBarTests : BunitTestContext
{
    private static readonly Actor Editor = new("u1", "张信息", 1, "县教育局", new HashSet<string> { Roles.Editor });

    public ActionBarTests()
    {
        // ActionBar injects the runtime; rendering never touches the database (only a click would).
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

    private IRenderedComponent<ActionBar> RenderBar(IReadOnlyList<AvailableAction> actions) =>
        Render<ActionBar>(p => p
            .Add(x => x.InstanceId, 1L)
            .Add(x => x.Version, 1)
            .Add(x => x.Actions, actions)
            .Add(x => x.Actor, Editor));

    [Fact]
    public void One_button_per_action_with_its_Chinese_text_and_trigger()
    {
        var cut = RenderBar(
        [
            new("UnitApprove", "审核通过", Roles.UnitReviewer, false, ActionStyle.Primary, []),
            new("UnitReturn", "退回修改", Roles.UnitReviewer, true, ActionStyle.Secondary, []),
            new("Reject", "驳回", Roles.Supervisor, true, ActionStyle.Danger, []),
        ]);

        var buttons = cut.FindAll("button[data-trigger]");
        Assert.Equal(3, buttons.Count);
        Assert.Equal(["UnitApprove", "UnitReturn", "Reject"], buttons.Select(b => b.GetAttribute("data-trigger")));
        Assert.Equal(["审核通过", "退回修改", "驳回"], buttons.Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void No_actions_no_buttons()
    {
        var cut = RenderBar([]);

        Assert.Empty(cut.FindAll("button"));
        Assert.Empty(cut.FindAll(".action-bar"));
    }
}
