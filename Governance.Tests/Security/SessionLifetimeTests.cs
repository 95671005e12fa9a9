using System.Net;
using System.Security.Claims;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Web;
using Governance.Workflows.Admin;
using Governance.Workflows.Engine;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Governance.Tests.Security;

/// <summary>The real app (real SQLite, real Identity) with a clock the tests move and circuits re-checked every 200 ms.</summary>
public sealed class SessionFixture : IAsyncLifetime
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    public GovernanceAppFactory Root { get; } = new();
    public WebApplicationFactory<Program> App { get; private set; } = default!;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    /// <summary>An Admin (not a user account: the services only look at the role).</summary>
    public static readonly Actor Admin = new("session-test-admin", "测试管理员", 1, "", new HashSet<string> { Roles.Admin });

    public Task InitializeAsync()
    {
        App = Root.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.Configure<SessionLifetimeOptions>(o => o.RevalidationInterval = Interval);
        }));
        _ = App.Server;
        return Task.CompletedTask;
    }

    public HttpClient NewClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> CreateUserAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = userName, UnitId = 1, LockoutEnabled = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, Roles.Editor)).Succeeded);
        return user.Id;
    }

    public const string Password = "Right-pass-2026";

    /// <summary>The principal a sign-in would put in the cookie (and so in a circuit).</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync(userName))!);
    }

    public async Task SetIdleMinutesAsync(int minutes)
    {
        var error = await App.Services.GetRequiredService<SettingsService>()
            .SetIntAsync(Admin, SessionSettings.IdleTimeoutKey, minutes, SessionSettings.MinIdleMinutes, SessionSettings.MaxIdleMinutes);
        Assert.Null(error);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        Root.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Idle sign-out (default 30 minutes, a setting) for the cookie and for open circuits; a disabled user's open circuits
/// end within the revalidation interval (1 minute in the app).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SessionLifetimeTests(SessionFixture f) : IClassFixture<SessionFixture>
{
    private SessionCheck Check => f.App.Services.GetRequiredService<SessionCheck>();

    private async Task<string?> DisableAsync(string userId, bool disabled = true)
    {
        using var scope = f.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetDisabledAsync(SessionFixture.Admin, userId, disabled);
    }

    [Fact]
    public async Task Check_DisabledUser_FailsRevalidation()
    {
        var id = await f.CreateUserAsync("session-disabled");
        var principal = await f.PrincipalAsync("session-disabled");
        Assert.Equal(SessionVerdict.Valid, await Check.CheckAsync(principal, f.Time.GetUtcNow()));

        Assert.Null(await DisableAsync(id));
        Assert.Equal(SessionVerdict.Disabled, await Check.CheckAsync(principal, f.Time.GetUtcNow()));
        // Enabled again, the old session stays ended: the stamp changed with each step.
        Assert.Null(await DisableAsync(id, disabled: false));
        Assert.Equal(SessionVerdict.StampChanged, await Check.CheckAsync(principal, f.Time.GetUtcNow()));
        Assert.Equal(SessionVerdict.Valid, await Check.CheckAsync(await f.PrincipalAsync("session-disabled"), f.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Check_PasswordResetOrRolesChanged_FailsRevalidation()
    {
        var id = await f.CreateUserAsync("session-reset");
        var before = await f.PrincipalAsync("session-reset");
        using (var scope = f.App.Services.CreateScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAdminService>().ResetPasswordAsync(SessionFixture.Admin, id, "New-pass-2026"));
        Assert.Equal(SessionVerdict.StampChanged, await Check.CheckAsync(before, f.Time.GetUtcNow()));

        var afterReset = await f.PrincipalAsync("session-reset");
        using (var scope = f.App.Services.CreateScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAdminService>().UpdateAsync(SessionFixture.Admin, id, 2, [Roles.Publisher]));
        Assert.Equal(SessionVerdict.StampChanged, await Check.CheckAsync(afterReset, f.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Check_DeletedUser_FailsRevalidation()
    {
        await f.CreateUserAsync("session-deleted");
        var principal = await f.PrincipalAsync("session-deleted");
        using var scope = f.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await users.DeleteAsync((await users.FindByNameAsync("session-deleted"))!)).Succeeded);
        Assert.Equal(SessionVerdict.NoUser, await Check.CheckAsync(principal, f.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Check_IdleLongerThanTheSetting_FailsRevalidation()
    {
        await f.CreateUserAsync("session-idle-check");
        var principal = await f.PrincipalAsync("session-idle-check");
        var now = f.Time.GetUtcNow();
        Assert.Equal(SessionVerdict.Valid, await Check.CheckAsync(principal, now.AddMinutes(-29)));
        Assert.Equal(SessionVerdict.Idle, await Check.CheckAsync(principal, now.AddMinutes(-30)));
        await f.SetIdleMinutesAsync(10);
        try
        {
            Assert.Equal(SessionVerdict.Valid, await Check.CheckAsync(principal, now.AddMinutes(-9)));
            Assert.Equal(SessionVerdict.Idle, await Check.CheckAsync(principal, now.AddMinutes(-10)));
        }
        finally
        {
            await f.SetIdleMinutesAsync(SessionSettings.DefaultIdleMinutes);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(481)]
    public async Task IdleSetting_OutOfRange_RefusedInChinese_Unchanged(int minutes)
    {
        var settings = f.App.Services.GetRequiredService<SettingsService>();
        var error = await settings.SetIntAsync(SessionFixture.Admin, SessionSettings.IdleTimeoutKey, minutes,
            SessionSettings.MinIdleMinutes, SessionSettings.MaxIdleMinutes);
        Assert.Equal("取值须在 5 至 480 之间。", error);
        Assert.Equal(TimeSpan.FromMinutes(30), await settings.IdleTimeoutAsync());
    }

    /// <summary>The circuit's provider, signed in as <paramref name="principal"/>; the next change of its state.</summary>
    private static (AuthenticationStateProvider Provider, Task<AuthenticationState> NextChange) OpenCircuit(IServiceProvider circuit, ClaimsPrincipal principal)
    {
        var provider = circuit.GetRequiredService<AuthenticationStateProvider>();
        Assert.IsAssignableFrom<RevalidatingServerAuthenticationStateProvider>(provider);
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);
        return (provider, changed.Task);
    }

    [Fact]
    public async Task OpenCircuit_UserDisabled_BecomesAnonymousWithinTheInterval()
    {
        var id = await f.CreateUserAsync("session-circuit-disabled");
        await using var circuit = f.App.Services.CreateAsyncScope();
        var (_, next) = OpenCircuit(circuit.ServiceProvider, await f.PrincipalAsync("session-circuit-disabled"));

        await Task.Delay(SessionFixture.Interval * 4);
        Assert.False(next.IsCompleted, "a valid session was ended");

        Assert.Null(await DisableAsync(id));
        var state = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task OpenCircuit_Idle_BecomesAnonymous_ReportedActivityKeepsItOpen()
    {
        await f.CreateUserAsync("session-circuit-idle");
        await using var circuit = f.App.Services.CreateAsyncScope();
        var (_, next) = OpenCircuit(circuit.ServiceProvider, await f.PrincipalAsync("session-circuit-idle"));
        var activity = circuit.ServiceProvider.GetRequiredService<CircuitActivity>();

        f.Time.Advance(TimeSpan.FromMinutes(20));
        activity.Touch(); // the page's idle timer reported input
        f.Time.Advance(TimeSpan.FromMinutes(20));
        await Task.Delay(SessionFixture.Interval * 4);
        Assert.False(next.IsCompleted, "an active user was signed out");

        f.Time.Advance(TimeSpan.FromMinutes(10));
        var state = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task SignInCookie_IdleLongerThanTimeout_SignedOut()
    {
        await f.CreateUserAsync("session-cookie-idle");
        var client = f.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(client, "session-cookie-idle", SessionFixture.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        f.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        f.Time.Advance(TimeSpan.FromMinutes(31)); // 31 minutes after the last request
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCookie_KeepAliveWhileActive_SlidesPastTheTimeout()
    {
        await f.CreateUserAsync("session-cookie-keepalive");
        var client = f.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(client, "session-cookie-keepalive", SessionFixture.Password)).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            f.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/account/keepalive", null)).StatusCode);
        }
        // 80 minutes after signing in, still signed in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        f.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/account/keepalive", null)).StatusCode);
    }

    [Fact]
    public async Task SignInCookie_ShorterSetting_AppliesAtTheNextSignIn()
    {
        await f.CreateUserAsync("session-cookie-setting");
        await f.SetIdleMinutesAsync(10);
        try
        {
            var client = f.NewClient();
            Assert.Equal(HttpStatusCode.Redirect, (await GovernanceAppFactory.SignInAsync(client, "session-cookie-setting", SessionFixture.Password)).StatusCode);
            f.Time.Advance(TimeSpan.FromMinutes(9));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            f.Time.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        }
        finally
        {
            await f.SetIdleMinutesAsync(SessionSettings.DefaultIdleMinutes);
        }
    }
}
