using System.Net;
using System.Text.RegularExpressions;
using Governance.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Security;

/// <summary>
/// The real app (real SQLite, real Identity) for the security tests. The in-process TestServer has no remote address;
/// the test-only startup filter here takes it from the header <c>X-Test-Remote-Ip</c> so that per-IP throttling can be
/// exercised. Time is a <see cref="FakeTimeProvider"/> that the tests move.
/// </summary>
public sealed class HardeningFixture : IAsyncLifetime
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    public const int MaxFailuresPerAddress = 6;
    public GovernanceAppFactory Root { get; } = new();
    public WebApplicationFactory<Program> App { get; private set; } = default!;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync()
    {
        App = Root.WithWebHostBuilder(b => b.UseSetting("Security:SignInThrottle:MaxFailures", MaxFailuresPerAddress.ToString())
            .ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddSingleton<IStartupFilter, RemoteIpFromHeader>();
        }));
        _ = App.Server; // migrations + demo seed
        return Task.CompletedTask;
    }

    public HttpClient NewClient(string? remoteIp = null)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (remoteIp is not null) client.DefaultRequestHeaders.Add(RemoteIpHeader, remoteIp);
        return client;
    }

    /// <summary>GETs the sign-in page at <paramref name="loginUrl"/> and posts the form back to the same address.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password = "Fufeng@2026",
        string loginUrl = "/account/login")
    {
        var page = await client.GetStringAsync(loginUrl);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = password,
        });
        return await client.PostAsync(loginUrl, form);
    }

    /// <summary>GETs <paramref name="url"/> and posts the Blazor form <paramref name="formName"/> back with the given fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var all = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>Creates a local account (real Identity) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string userName, string password, bool disabled = false)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Governance.Data.Entities.AppUser>>();
        var user = new Governance.Data.Entities.AppUser { UserName = userName, DisplayName = userName, UnitId = 1, LockoutEnabled = true, IsDisabled = disabled };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
        return user.Id;
    }

    public async Task<bool> IsLockedOutAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Governance.Data.Entities.AppUser>>();
        return await users.IsLockedOutAsync((await users.FindByNameAsync(userName))!);
    }

    public static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public Task DisposeAsync()
    {
        App.Dispose();
        Root.Dispose();
        return Task.CompletedTask;
    }

    private sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, nxt) =>
            {
                if (ctx.Request.Headers.TryGetValue(RemoteIpHeader, out var ip) && IPAddress.TryParse(ip, out var address))
                    ctx.Connection.RemoteIpAddress = address;
                return nxt(ctx);
            });
            next(app);
        };
    }
}
