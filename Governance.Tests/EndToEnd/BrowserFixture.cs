using Governance.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// The app on real Kestrel (loopback) and Debian's Chromium driven by Playwright. Playwright's own browser download does
/// not work here: the script that runs the tests installs /usr/bin/chromium.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture() : this(new GovernanceAppFactory())
    {
    }

    /// <param name="app">The app to serve (e.g. one on a fake clock, <see cref="FakeClockBrowserFixture"/>).</param>
    protected BrowserFixture(GovernanceAppFactory app) => App = app;

    public GovernanceAppFactory App { get; }
    public Uri BaseAddress { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright? _playwright;

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Governance.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public virtual async Task InitializeAsync()
    {
        // Expectations wait as long as actions do: on a loaded 2-core CI machine a dialog can take longer than
        // Playwright's 5-second default to close, and a wait is not a speed claim (speed lives in benchmarks).
        Assertions.SetDefaultExpectTimeout(20_000);
        BaseAddress = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="userName"/>, on the inbox.</summary>
    public async Task<IPage> SignInAsync(string userName, string password = "Fufeng@2026")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the Blazor circuit is live (buttons work only then).</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>A full-page screenshot from the top (a fixed header captured while scrolled lands mid-page).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Clicks the action button (<paramref name="button"/>: a locator), types the comment, confirms, and waits for the
    /// dialog to close. When it stays open, the failure says what the dialog says (a server refusal, a stale version) and a
    /// screenshot is kept, so a failure on CI explains itself.
    /// </summary>
    public static async Task ConfirmActionAsync(IPage page, ILocator button, string? comment = null)
    {
        await button.ClickAsync();
        if (comment is not null) await page.Locator("#action-comment").FillAsync(comment);
        await page.Locator("#action-confirm").ClickAsync();
        try
        {
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        }
        catch (PlaywrightException e)
        {
            var said = await page.Locator(".mud-dialog").AllInnerTextsAsync();
            var name = "failed-dialog-" + DateTime.UtcNow.Ticks;
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
            throw new Xunit.Sdk.XunitException($"The action dialog stayed open on {page.Url} ({name}.png). It says: "
                + string.Join(" | ", said).ReplaceLineEndings(" ") + "\n" + e.Message);
        }
    }

    /// <summary><see cref="ConfirmActionAsync(IPage, ILocator, string?)"/> for the button with this exact Chinese name.</summary>
    public static Task ConfirmActionAsync(IPage page, string button, string? comment = null) =>
        ConfirmActionAsync(page, page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }), comment);

    /// <summary>Opens <paramref name="path"/> and waits until its circuit is live.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        App.Dispose();
    }
}

/// <summary>
/// The app with its clock (the injected <see cref="TimeProvider"/>: workflows, deadlines, the register and its sweep) on a
/// <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> a test moves forward; sign-in cookies keep the real clock.
/// </summary>
public sealed class FakeClockBrowserFixture : BrowserFixture
{
    /// <summary>Monday 2026-03-02 09:00 China time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    public FakeClockBrowserFixture() : this(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start))
    {
    }

    private FakeClockBrowserFixture(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
        : base(new GovernanceAppFactory { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) }) => Clock = clock;

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; }
}
