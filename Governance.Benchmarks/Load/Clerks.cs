using Governance.Benchmarks.Load.Wire;
using Microsoft.Playwright;

namespace Governance.Benchmarks.Load;

/// <summary>
/// One clerk of the capacity script, signed in with a live circuit, doing the steps of the W3 journey. Each step returns
/// when its result is on the clerk's page.
/// </summary>
internal interface IClerk : IAsyncDisposable
{
    /// <summary>Back to the 工作台 from the message (client-side navigation inside the live circuit, as the menu does).</summary>
    Task WorkbenchAsync();

    /// <summary>A message handed to the clerk's unit: its page shows 已批办.</summary>
    Task OpenMessageAsync(long id);

    /// <summary>签收 opens its dialog (not timed: the confirm is the action).</summary>
    Task OpenAcceptAsync();

    /// <summary>The dialog's confirm: the page shows 办理中.</summary>
    Task ConfirmAcceptAsync();
}

/// <summary>How clerks are made: browser contexts in one Chromium, or SignalR-level clients.</summary>
internal interface IClerkFactory : IAsyncDisposable
{
    string Describe { get; }
    Task<IClerk> SignInAsync(string user);
}

/// <summary>Playwright contexts in one Debian Chromium: real DOM diffs and real scripts, at a browser's CPU cost.</summary>
internal sealed class BrowserClerks(IPlaywright playwright, IBrowser browser, Uri address, string password) : IClerkFactory
{
    public string Describe => "Playwright browser contexts in one Debian Chromium";

    public static async Task<BrowserClerks> LaunchAsync(Uri address, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        return new BrowserClerks(playwright, browser, address, password);
    }

    public async Task<IClerk> SignInAsync(string user)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), Locale = "zh-CN" });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return new Clerk(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    private sealed class Clerk(IBrowserContext context, IPage page) : IClerk
    {
        public async Task WorkbenchAsync()
        {
            await page.EvaluateAsync("u => Blazor.navigateTo(u)", "/");
            await page.Locator("#inbox-table").WaitForAsync();
            await page.Locator("#message-content").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }

        public async Task OpenMessageAsync(long id)
        {
            await page.EvaluateAsync("u => Blazor.navigateTo(u)", $"/messages/{id}");
            // The 工作台's rows have status chips too: the detail page's content first, then its chip.
            await page.Locator("#message-content").WaitForAsync();
            await Assertions.Expect(page.Locator(".status-chip").First).ToHaveTextAsync("已批办", new() { Timeout = 120_000 });
        }

        public async Task OpenAcceptAsync()
        {
            await page.Locator("button[data-trigger='Accept']").ClickAsync();
            await page.Locator("#action-confirm").WaitForAsync();
        }

        public async Task ConfirmAcceptAsync()
        {
            await page.Locator("#action-confirm").ClickAsync();
            await Assertions.Expect(page.Locator(".status-chip").First).ToHaveTextAsync("办理中", new() { Timeout = 120_000 });
        }

        public ValueTask DisposeAsync() => new(context.CloseAsync());
    }
}

/// <summary>
/// SignalR-level clients (<see cref="BlazorWireClient"/>): the same circuits and the same messages as the browser
/// sends, the render batches applied to a model of the page, without a browser's rendering and scripts.
/// </summary>
internal sealed class WireClerks(Uri address, string password) : IClerkFactory
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(120);

    public string Describe => "SignalR-level Blazor clients (BlazorWireClient: blazorpack over WebSockets, render batches applied to a page model)";

    public async Task<IClerk> SignInAsync(string user)
    {
        var client = await BlazorWireClient.SignInAsync(address, user, password);
        await client.OpenAsync("/", Interactive);
        return new Clerk(client);
    }

    private static bool Interactive(LogicalTree page) => page.Elements().Any(e => e.Attribute("data-interactive") == "true");

    /// <summary>The first status chip: on a detail page (<c>#message-content</c>), the item's state.</summary>
    private static string? Chip(LogicalTree page) =>
        page.Elements().FirstOrDefault(e => e.HasClass("status-chip")) is { } chip ? page.TextOf(chip) : null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal sealed class Clerk(BlazorWireClient client) : IClerk
    {
        public BlazorWireClient Client => client;

        public async Task WorkbenchAsync()
        {
            await client.NavigateAsync("/");
            await client.WaitForAsync(page => page.ById("inbox-table") is not null && page.ById("message-content") is null, StepTimeout);
        }

        public async Task OpenMessageAsync(long id)
        {
            await client.NavigateAsync($"/messages/{id}");
            await client.WaitForAsync(page => page.ById("message-content") is not null && Chip(page) == "已批办", StepTimeout);
        }

        public async Task OpenAcceptAsync()
        {
            await client.ClickAsync(e => e.Name == "button" && e.Attribute("data-trigger") == "Accept");
            await client.WaitForAsync(page => page.ById("action-confirm") is not null, StepTimeout);
        }

        public async Task ConfirmAcceptAsync()
        {
            await client.ClickAsync(e => e.Attribute("id") == "action-confirm");
            await client.WaitForAsync(page => Chip(page) == "办理中", StepTimeout);
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
