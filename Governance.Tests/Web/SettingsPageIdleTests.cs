using Bunit;
using Governance.Data;
using Governance.Web;
using Governance.Web.Features.Admin;
using Governance.Workflows.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Web;

/// <summary>空闲自动退出 on the settings page: shown with its default, saved (and audited) through the settings service.</summary>
public sealed class SettingsPageIdleTests : BunitTestContext, IClassFixture<WebDemoDatabase>
{
    private readonly WebDemoDatabase _db;

    public SettingsPageIdleTests(WebDemoDatabase db)
    {
        _db = db;
        db.AddServices(Services);
        Services.AddScoped<CurrentActor>();
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetClaims(db.ClaimsOf("admin"));
    }

    private const string Field = "input#Security\\.IdleTimeoutMinutes";

    [Fact]
    public async Task IdleTimeout_DefaultShown_ChangeSavedAndAudited()
    {
        Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudSnackbarProvider>();
        var cut = Render<SettingsPage>();
        cut.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", cut.Markup), TimeSpan.FromSeconds(30));
        Assert.Equal("30", cut.Find(Field).GetAttribute("value"));
        Assert.Contains("空闲自动退出（分钟）", cut.Markup);

        cut.Find(Field).Change("15");
        cut.Find("#settings-save").Click();

        var settings = Services.GetRequiredService<SettingsService>(); // the page's own (its cache)
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#settings-error")));
        await WaitForAsync(async () => await settings.IdleTimeoutAsync() == TimeSpan.FromMinutes(15));
        await using var db = await _db.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Kind == "setting.change" && a.Detail == "Security.IdleTimeoutMinutes: （默认） → 15"));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail("condition not met");
    }
}
