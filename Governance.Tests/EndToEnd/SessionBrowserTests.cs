using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Workflows.Admin;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>The app on Kestrel with circuits re-checked every 2 seconds (1 minute in the app), and Chromium.</summary>
public sealed class SessionBrowserFixture : IAsyncLifetime
{
    public GovernanceAppFactory App { get; } = new()
    {
        ConfigureServices = s => s.Configure<SessionLifetimeOptions>(o => o.RevalidationInterval = TimeSpan.FromSeconds(2)),
    };
    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000); // as BrowserFixture: a wait on a loaded machine is not a speed claim
        BaseAddress = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await BrowserFixture.WaitInteractiveAsync(page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        App.Dispose();
    }
}

/// <summary>Idle sign-out and a disabled user's open page, in Chromium against the real app.</summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class SessionBrowserTests(SessionBrowserFixture f) : IClassFixture<SessionBrowserFixture>
{
    private const string Password = "Right-pass-2026";
    private const long Minute = 60_000;

    private async Task<string> CreateUserAsync(string userName)
    {
        using var scope = f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = "会话测试", UnitId = 1, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Editor)).Succeeded);
        return user.Id;
    }

    [Fact]
    public async Task IdlePage_SignedOutAfterTheTimeout_InputKeepsItOpen()
    {
        await CreateUserAsync("idle-browser");
        var context = await f.NewContextAsync();
        await context.Clock.InstallAsync(); // the page's Date and timers, moved by the test
        var page = await context.NewPageAsync();
        await SessionBrowserFixture.SignInAsync(page, "idle-browser", Password);
        await page.GotoAsync("/notifications");
        await BrowserFixture.WaitInteractiveAsync(page);

        await context.Clock.FastForwardAsync(29 * Minute);
        await page.WaitForTimeoutAsync(500);
        Assert.Contains("/notifications", page.Url, StringComparison.Ordinal);
        await page.Mouse.MoveAsync(300, 300); // the user is back: another 29 minutes are fine
        await page.Mouse.MoveAsync(320, 340);
        await context.Clock.FastForwardAsync(29 * Minute);
        await page.WaitForTimeoutAsync(500);
        Assert.Contains("/notifications", page.Url, StringComparison.Ordinal);

        await context.Clock.FastForwardAsync(2 * Minute);
        await page.WaitForURLAsync("**/account/login?reason=idle**");
        await Assertions.Expect(page.Locator("#login-notice")).ToHaveTextAsync("由于长时间未操作，您已自动退出登录，请重新登录。");
        await BrowserFixture.ScreenshotAsync(page, "97-idle-signed-out");
        // Signed out on the server too: the portal asks for the password again.
        await page.GotoAsync("/notifications");
        await page.WaitForURLAsync("**/account/login**");
        // Signing in again returns to the page the user was on.
        await page.FillAsync("#username", "idle-browser");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/notifications");
        await context.CloseAsync();
    }

    [Fact]
    public async Task OpenPage_UserDisabledByAdmin_SentToSignInWithinTheInterval()
    {
        var id = await CreateUserAsync("disabled-browser");
        var context = await f.NewContextAsync();
        var page = await context.NewPageAsync();
        await SessionBrowserFixture.SignInAsync(page, "disabled-browser", Password);
        await page.GotoAsync("/notifications");
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.WaitForTimeoutAsync(5_000); // two re-checks: a valid session stays
        Assert.Contains("/notifications", page.Url, StringComparison.Ordinal);

        using (var scope = f.App.Services.CreateScope())
        {
            var admin = new Actor("browser-test-admin", "测试管理员", 1, "", new HashSet<string> { Roles.Admin });
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetDisabledAsync(admin, id, true));
        }
        await page.WaitForURLAsync("**/account/login?reason=ended**", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#login-notice")).ToHaveTextAsync("登录状态已失效，请重新登录。");
        await page.GotoAsync("/notifications");
        await page.WaitForURLAsync("**/account/login**");
        await context.CloseAsync();
    }
}
