using System.Globalization;
using System.Security.Claims;
using Bunit;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using T = Governance.Workflows.Definitions.CitizenMessages.CitizenMessageWorkflow.T;

namespace Governance.Tests.Web.CitizenMessages;

/// <summary>
/// Helpers for the W3 screen tests: messages taken in through the service (as the intake API does) and driven through
/// the runtime on a <see cref="WorkflowTestHost"/>; bUnit contexts wired to the same database and the same fake clock,
/// signed in as a demo user.
/// </summary>
public static class MessageScreens
{
    public const string Education = "县教育局";

    /// <summary>A message as the public site sends it (system actor), received at the host's current time.</summary>
    public static async Task<long> IntakeAsync(WorkflowTestHost host, string sourceRef, string title, string citizenName = "张三",
        string? phone = "13900001111", string? email = "zhangsan@example.com", string category = "咨询")
    {
        var (valid, errors) = MessageValidator.Validate(new MessageIntake
        {
            SourceRef = sourceRef, Title = title, Content = title + "，请相关部门答复。", Category = category, CitizenName = citizenName,
            CitizenPhone = phone, CitizenEmail = email,
        }, host.Clock.GetUtcNow().UtcDateTime);
        Assert.True(valid is not null, string.Join("; ", errors.Values));
        var result = await host.Get<CitizenMessageService>().IntakeAsync(Actor.System("api:test", "测试接口"), "测试接口", valid);
        Assert.True(result.Created);
        return result.Id;
    }

    public static async Task<int> VersionAsync(WorkflowTestHost host, long id) => (await host.InstanceAsync(id)).Version;

    /// <summary>分办 by the monitor to a unit; returns the new version.</summary>
    public static async Task<int> AssignAsync(WorkflowTestHost host, long id, string unit = Education) =>
        await host.MustFireAsync(id, await VersionAsync(host, id), T.Assign, "monitor", null,
            new Dictionary<string, string?> { ["unit"] = (await host.UnitIdAsync(unit)).ToString(CultureInfo.InvariantCulture) });

    /// <summary>Assigned to 县教育局 and accepted by its editor: 办理中.</summary>
    public static async Task<int> DraftingAsync(WorkflowTestHost host, long id)
    {
        var v = await AssignAsync(host, id);
        return await host.MustFireAsync(id, v, T.Accept, "editor");
    }

    /// <summary>The editor saves a reply and submits it; returns the version in 答复审核.</summary>
    public static async Task<int> SubmitReplyAsync(WorkflowTestHost host, long id, string reply = "您好，您反映的问题已收悉，我局将按政策办理。")
    {
        var saved = await host.Get<CitizenMessageService>().SaveReplyAsync(id, await VersionAsync(host, id), await host.ActorAsync("editor"), reply);
        Assert.True(saved.Succeeded, saved.Message);
        return await host.MustFireAsync(id, saved.NewVersion!.Value, T.SubmitReply, "editor");
    }

    /// <summary>The bUnit context on the host's database and clock, signed in as <paramref name="userName"/>; returns the popover host (menus, lists).</summary>
    public static async Task<IRenderedComponent<MudBlazor.MudPopoverProvider>> SignInAsync(BunitContext ctx, WorkflowTestHost host, string userName)
    {
        ctx.Services.AddGovernanceCore(host.DatabasePath, host.Clock);
        ctx.Services.AddScoped<CurrentActor>();
        var a = await host.ActorAsync(userName);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles([.. a.Roles]); // for AuthorizeView; the claims below carry them too
        auth.SetClaims(
        [
            new(ClaimTypes.NameIdentifier, a.UserId),
            new(GovernanceClaimsFactory.UnitId, a.UnitId.ToString(CultureInfo.InvariantCulture)),
            new(GovernanceClaimsFactory.UnitName, a.UnitName),
            new(GovernanceClaimsFactory.DisplayName, a.Name),
            .. a.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ]);
        return ctx.Render<MudBlazor.MudPopoverProvider>();
    }
}

/// <summary>A <see cref="WorkflowTestHost"/> shared by a test class (created once, disposed at the end).</summary>
public sealed class MessageHostFixture : IAsyncLifetime
{
    public WorkflowTestHost Host { get; private set; } = default!;

    public async Task InitializeAsync() => Host = await WorkflowTestHost.CreateAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
