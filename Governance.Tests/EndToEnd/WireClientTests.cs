using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Governance.Benchmarks.Load.Wire;
using Governance.Data;
using Governance.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Governance.Tests.EndToEnd;

/// <summary>
/// The capacity script's SignalR-level client (<see cref="BlazorWireClient"/>, compiled from Governance.Benchmarks) is
/// only as good as the page it rebuilds from render batches. Here it is held against Chromium on the same portal: the
/// Editor of 县教育局 opens a message handed to the unit in both; the client must see what the browser shows (the state,
/// the action buttons), navigate inside its circuit, and its clicks must fire the real transition — which the browser's
/// page then shows too.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(AppCollection.Name)]
public sealed class WireClientTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private static string? Chip(LogicalTree page) =>
        page.Elements().FirstOrDefault(e => e.HasClass("status-chip")) is { } chip ? page.TextOf(chip) : null;

    [Fact]
    public async Task WireClient_SeesTheMessageAsTheBrowserDoes_AndItsSignForFiresTheTransition()
    {
        var id = await MessageHandedToEducationAsync();
        var url = $"/messages/{id}";

        var browser = await f.SignInAsync("editor");
        await BrowserFixture.OpenAsync(browser, url);
        await Assertions.Expect(browser.Locator(".status-chip").First).ToHaveTextAsync("已批办");
        // The action bar renders its buttons together: once 签收 is there, so are the others.
        await Assertions.Expect(browser.Locator("button[data-trigger='Accept']")).ToBeEnabledAsync();
        var browserButtons = await browser.Locator("button[data-trigger]:not([disabled])")
            .EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.trigger + ':' + b.textContent.trim())");

        await using var wire = await BlazorWireClient.SignInAsync(f.BaseAddress, "editor", "Fufeng@2026");
        await wire.OpenAsync("/", page => page.ById("inbox-table") is not null);
        await wire.NavigateAsync(url);
        await wire.WaitForAsync(page => page.ById("message-content") is not null && Chip(page) == "已批办" &&
                                        page.Elements().Any(e => e.Name == "button" && e.Attribute("data-trigger") == "Accept"));
        var wireButtons = wire.Read(page => page.Elements()
            .Where(e => e.Name == "button" && e.Attribute("data-trigger") is not null && !e.Attributes.ContainsKey("disabled"))
            .Select(e => e.Attribute("data-trigger") + ":" + page.TextOf(e))
            .ToArray());
        Assert.Contains("Accept:签收", wireButtons);
        Assert.Equal(browserButtons, wireButtons);

        // 签收 through the client: the dialog opens in its page, the confirm fires the transition.
        await wire.ClickAsync(e => e.Name == "button" && e.Attribute("data-trigger") == "Accept");
        await wire.WaitForAsync(page => page.ById("action-confirm") is not null);
        await wire.ClickAsync(e => e.Attribute("id") == "action-confirm");
        await wire.WaitForAsync(page => Chip(page) == "办理中");
        Assert.Null(wire.Error);

        // The transition is real: the browser's page of the same message shows it (live update), and so does the API.
        await Assertions.Expect(browser.Locator(".status-chip").First).ToHaveTextAsync("办理中");
        var instance = await (await browser.APIRequest.GetAsync($"/api/v1/instances/{id}")).JsonAsync();
        Assert.Equal("Drafting", instance!.Value.GetProperty("state").GetString());

        // Back to the 工作台 inside the same circuit.
        await wire.NavigateAsync("/");
        await wire.WaitForAsync(page => page.ById("inbox-table") is not null && page.ById("message-content") is null);
        await browser.Context.CloseAsync();
    }

    /// <summary>A message posted through the intake API and handed to 县教育局 by the Monitor through the action API.</summary>
    private async Task<long> MessageHandedToEducationAsync()
    {
        using var http = new HttpClient { BaseAddress = f.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new
            {
                sourceRef = "WIRE-" + Guid.NewGuid().ToString("N")[..12], title = "关于城关小学放学时段交通疏导的建议",
                content = "每天下午放学时段学校门口车辆拥堵，建议安排交警和志愿者疏导。", category = "建议", citizenName = "王先生",
            }),
        };
        post.Headers.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        using var created = await http.SendAsync(post);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        long unit;
        await using (var db = f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext())
            unit = await db.Units.Where(u => u.Name == "县教育局").Select(u => u.Id).SingleAsync();
        var monitor = await f.SignInAsync("monitor");
        var version = (await (await monitor.APIRequest.GetAsync($"/api/v1/instances/{id}")).JsonAsync())!.Value.GetProperty("version").GetInt64();
        var fired = await monitor.APIRequest.PostAsync($"/api/v1/instances/{id}/fire", new APIRequestContextOptions
        {
            DataObject = new { trigger = "Assign", version, fields = new Dictionary<string, string> { ["unit"] = unit.ToString(CultureInfo.InvariantCulture) } },
        });
        Assert.True(fired.Ok, await fired.TextAsync());
        await monitor.Context.CloseAsync();
        return id;
    }
}
