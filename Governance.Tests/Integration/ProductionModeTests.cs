using System.Net;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Integration;

/// <summary>
/// The real app in the Production environment (the tests' factory asks for demo data with <c>Seed:Demo=true</c>).
/// A test-only startup filter adds a page that throws, after the app's own pipeline, to see what a user is shown.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ProductionModeTests : IDisposable
{
    private const string Boom = "Kaboom: connection string Data Source=/secret/governance.db";
    private readonly GovernanceAppFactory _root = new();
    private readonly WebApplicationFactory<Program> _app;

    public ProductionModeTests() =>
        _app = _root.WithWebHostBuilder(b => b.UseEnvironment("Production")
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingPage>()));

    [Fact]
    public async Task Production_SeedDemoSetting_Ignored_UnitsButNoUsers()
    {
        _ = _app.Server;
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        Assert.Equal(28, await db.Units.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        using var scope = _app.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin"));
    }

    [Fact]
    public async Task Production_UnhandledError_ChinesePageWithoutInternals()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "prod-user", DisplayName = "生产用户", UnitId = 1, LockoutEnabled = true };
            Assert.True((await users.CreateAsync(user, "Right-pass-2026")).Succeeded);
        }
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(client, "prod-user", "Right-pass-2026")).StatusCode);

        var response = await client.GetAsync("/test-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("处理您的请求时发生错误，请稍后重试。如问题持续出现，请联系系统管理员。", html, StringComparison.Ordinal);
        Assert.Contains("请求编号：", html, StringComparison.Ordinal);
        foreach (var leak in new[] { "Kaboom", "/secret/", "InvalidOperationException", "Development", "ASPNETCORE_ENVIRONMENT", "   at " })
            Assert.DoesNotContain(leak, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAddress_ChineseNotFoundPage_ApiKeepsItsProblemDetails()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "prod-user-404", DisplayName = "生产用户", UnitId = 1, LockoutEnabled = true };
            Assert.True((await users.CreateAsync(user, "Right-pass-2026")).Succeeded);
        }
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(client, "prod-user-404", "Right-pass-2026")).StatusCode);

        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("您要找的页面不存在或已被删除。", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var api = await client.GetAsync("/api/v1/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _app.Dispose();
        _root.Dispose();
    }

    private sealed class ThrowingPage : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test-throw", a => a.Run(_ => throw new InvalidOperationException(Boom)));
        };
    }
}
