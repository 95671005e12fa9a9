using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Tests.Security;

/// <summary>
/// The app in the Development environment (developer exception page on — the worst case for leaking internals), real
/// SQLite and Identity. A test-only terminal middleware throws for <c>/api/test-throw</c> so that the real error
/// middleware can be seen handling an unexpected exception.
/// </summary>
public sealed class DevelopmentAppFixture : IAsyncLifetime
{
    public GovernanceAppFactory Root { get; } = new();
    public WebApplicationFactory<Program> App { get; private set; } = default!;
    public long RequestId { get; private set; }

    public async Task InitializeAsync()
    {
        App = Root.WithWebHostBuilder(b => b.UseEnvironment("Development")
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingTerminal>()));
        _ = App.Server;
        var created = await App.Services.GetRequiredService<ColumnRequestService>().CreateAsync(await ActorAsync("editor"), new ColumnRequestForm
        {
            ColumnName = "安全测试专栏", Purpose = "接口安全测试", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 12, 31),
            ResponsiblePerson = "张三", StaffA = "李四", StaffB = "王五", UpdateCadence = "每周", ContentSources = "县教育局",
        }, submit: true);
        Assert.True(created.Succeeded, created.Message);
        RequestId = created.InstanceId!.Value;
    }

    public async Task<Actor> ActorAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var roles = await users.GetRolesAsync(user);
        return new Actor(user.Id, user.DisplayName, user.UnitId, DemoSeeder.DemoUsers.First(u => u.UserName == userName).Unit, roles.ToHashSet());
    }

    public HttpClient NewClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await HardeningFixture.SignInAsync(client, userName)).StatusCode);
        return client;
    }

    public HttpClient KeyClient()
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        return client;
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        Root.Dispose();
        return Task.CompletedTask;
    }

    private sealed class ThrowingTerminal : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Reached only when no endpoint matched, after the app's own middleware (errors, auth) ran.
            app.Use((ctx, n) => ctx.Request.Path == "/api/test-throw"
                ? throw new InvalidOperationException("Secret internals: connection string Data Source=/srv/secret.db")
                : n(ctx));
        };
    }
}

[Collection(AppCollection.Name)]
public sealed class ApiHardeningTests(DevelopmentAppFixture f) : IClassFixture<DevelopmentAppFixture>
{
    private static StringContent Json(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    /// <summary>A Chinese ProblemDetails, nothing of .NET's internals.</summary>
    private static async Task<JsonElement> AssertChineseProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var leak in new[] { "Exception", "   at ", "System.", "Microsoft.", "Secret internals", ".cs:line", "BadHttpRequest" })
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Matches("[\u4e00-\u9fff]", json.GetProperty("title").GetString()!);
        return json;
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"trigger\": \"UnitApprove\", \"version\": \"二\"}")]
    [InlineData("{\"trigger\": 12, \"version\": 2}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"trigger\": \"UnitApprove\", \"version\": 2, \"fields\": [1]}")]
    public async Task Fire_MalformedJson_Chinese400WithoutInternals(string body)
    {
        var client = await f.SignedInAsync("reviewer");
        var response = await client.PostAsync($"/api/v1/instances/{f.RequestId}/fire", Json(body));
        var problem = await AssertChineseProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_MissingVersion_Is400Not409()
    {
        var client = await f.SignedInAsync("reviewer");
        var response = await client.PostAsync($"/api/v1/instances/{f.RequestId}/fire", Json("{\"trigger\": \"UnitApprove\"}"));
        var problem = await AssertChineseProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("version", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_WrongContentType_Chinese415()
    {
        var client = await f.SignedInAsync("reviewer");
        var response = await client.PostAsync($"/api/v1/instances/{f.RequestId}/fire", Json("trigger=UnitApprove", "text/plain"));
        await AssertChineseProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Fire_NotSignedIn_401ProblemJson()
    {
        var response = await f.NewClient().PostAsync($"/api/v1/instances/{f.RequestId}/fire", Json("{\"trigger\":\"UnitApprove\",\"version\":2}"));
        await AssertChineseProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Fire_WithApiKeyOnly_403ProblemJson()
    {
        // An API key carries no user: firing needs a signed-in person.
        var response = await f.KeyClient().PostAsync($"/api/v1/instances/{f.RequestId}/fire", Json("{\"trigger\":\"UnitApprove\",\"version\":2}"));
        await AssertChineseProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Attachments_WithApiKeyOnly_401ProblemJson()
    {
        var response = await f.KeyClient().GetAsync($"/api/v1/instances/{f.RequestId}/attachments");
        await AssertChineseProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnexpectedException_Chinese500WithTraceIdOnly()
    {
        var response = await (await f.SignedInAsync("observer")).GetAsync("/api/test-throw");
        var problem = await AssertChineseProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Fire_CommentWithBidiOverride_StoredClean()
    {
        var client = await f.SignedInAsync("reviewer");
        var state = await client.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{f.RequestId}");
        var version = state.GetProperty("version").GetInt32();
        var response = await client.PostAsJsonAsync($"/api/v1/instances/{f.RequestId}/fire",
            new { trigger = "UnitReturn", version, comment = "请补充\u202E材料说明\u2066" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var comment = await db.JournalEntries.Where(j => j.InstanceId == f.RequestId && j.Trigger == "UnitReturn").Select(j => j.Comment).SingleAsync();
        Assert.Equal("请补充材料说明", comment);
    }

    [Fact]
    public async Task UserDisplayName_IsStoredClean()
    {
        var admin = await f.ActorAsync("admin");
        using var scope = f.App.Services.CreateScope();
        var errors = await scope.ServiceProvider.GetRequiredService<Governance.Workflows.Admin.UserAdminService>().CreateAsync(admin, new Governance.Workflows.Admin.NewUser
        {
            UserName = "bidi-user", DisplayName = "B岗\u202Eevil", UnitId = admin.UnitId, Roles = [Roles.Editor], Password = "Initial-pass-2026",
        });
        Assert.Empty(errors);
        await using var db = await f.App.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        Assert.Equal("B岗evil", await db.Users.Where(u => u.UserName == "bidi-user").Select(u => u.DisplayName).SingleAsync());
    }

    // ---- item 8: headers and the Origin check ----

    [Theory]
    [InlineData("/account/login", false)]
    [InlineData("/api/v1/calendar/due?from=2026-02-13&workingDays=4", true)]
    [InlineData("/api/v1/calendar/due?from=bad", true)]
    [InlineData("/", false)] // redirect to sign-in
    public async Task EveryResponse_CarriesSecurityHeaders(string path, bool withKey)
    {
        var client = withKey ? f.KeyClient() : f.NewClient();
        var response = await client.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]+';", csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Page_ImportMapCarriesTheNonceOfItsPolicy()
    {
        var response = await f.NewClient().GetAsync("/account/login");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(nonce));
        // Every inline script (the import map, when the static-asset manifest gives one) carries this response's nonce;
        // scripts from this site need none (script-src 'self').
        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>").Select(m => m.Value).ToList();
        Assert.All(inline, tag => Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookiePost_FromAnotherOrigin_Refused_SameOriginAndApiKeyAllowed()
    {
        var client = await f.SignedInAsync("reviewer");
        var url = $"/api/v1/instances/{f.RequestId}/fire";
        var evil = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"trigger\":\"UnitApprove\"}") };
        evil.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(evil);
        var problem = await AssertChineseProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Contains("跨站", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var nullOrigin = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"trigger\":\"UnitApprove\"}") };
        nullOrigin.Headers.Add("Origin", "null");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(nullOrigin)).StatusCode);

        // Same origin reaches the endpoint (which then asks for the missing version).
        var same = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"trigger\":\"UnitApprove\"}") };
        same.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(same)).StatusCode);

        // API-key callers are not browsers: no Origin rule.
        var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/precheck") { Content = Json("{\"title\":\"标题\",\"body\":\"正文\"}") };
        keyed.Headers.Add("Origin", "https://evil.example");
        keyed.Headers.Add("X-Api-Key", GovernanceAppFactory.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await f.NewClient().SendAsync(keyed)).StatusCode);
    }
}
