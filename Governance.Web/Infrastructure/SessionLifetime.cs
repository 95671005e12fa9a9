using System.Security.Claims;
using Governance.Data.Entities;
using Governance.Workflows.Settings;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Governance.Web;

/// <summary>Why an open session may (not) go on.</summary>
public enum SessionVerdict
{
    Valid,
    /// <summary>The account no longer exists.</summary>
    NoUser,
    /// <summary>Admin disabled the account.</summary>
    Disabled,
    /// <summary>Password, unit or roles changed since the sign-in (Identity's security stamp).</summary>
    StampChanged,
    /// <summary>No input for longer than the idle timeout (setting <see cref="SessionSettings.IdleTimeoutKey"/>).</summary>
    Idle,
}

public sealed class SessionLifetimeOptions
{
    /// <summary>How often an open circuit checks its user (a disabled user's circuits end within this interval).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// When the user of one circuit last touched the keyboard, mouse or screen (reported by <c>wwwroot/js/session.js</c>
/// through <c>SessionGuard</c>). Server pushes (live lists, the bell) are not activity. One per circuit.
/// </summary>
public sealed class CircuitActivity(TimeProvider time)
{
    private long _lastTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastUtc => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public void Touch() => Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);
}

/// <summary>
/// Whether a signed-in principal may keep its open circuit: the account still exists and is enabled, its security stamp
/// is the one signed in with, and the user has not been idle longer than the setting. Reads the database every time.
/// </summary>
public sealed class SessionCheck(IServiceScopeFactory scopes, SettingsService settings, TimeProvider time, IOptions<IdentityOptions> identity)
{
    public async Task<SessionVerdict> CheckAsync(ClaimsPrincipal principal, DateTimeOffset lastActivityUtc, CancellationToken ct = default)
    {
        if (time.GetUtcNow() - lastActivityUtc >= await settings.IdleTimeoutAsync(ct)) return SessionVerdict.Idle;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null) return SessionVerdict.NoUser;
        if (user.IsDisabled) return SessionVerdict.Disabled;
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
            return SessionVerdict.StampChanged;
        return SessionVerdict.Valid;
    }
}

/// <summary>
/// The circuit's authentication state, checked every <see cref="SessionLifetimeOptions.RevalidationInterval"/> (1 minute):
/// when <see cref="SessionCheck"/> says no, the circuit becomes anonymous and <c>SessionGuard</c> sends the browser to the
/// sign-in page. The cookie alone would not do: an open circuit never reads it again.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(
    ILoggerFactory loggerFactory, SessionCheck check, CircuitActivity activity, IOptions<SessionLifetimeOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger<SessionRevalidatingStateProvider>();

    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var verdict = await check.CheckAsync(authenticationState.User, activity.LastUtc, cancellationToken);
        if (verdict == SessionVerdict.Valid) return true;
        _log.LogInformation("Circuit of {User} signed out: {Verdict}", authenticationState.User.Identity?.Name, verdict);
        return false;
    }
}

/// <summary>The sign-in cookie lives as long as the idle timeout and slides with each request (the keep-alive included).</summary>
internal static class SessionCookie
{
    public static async Task OnSigningInAsync(CookieSigningInContext ctx)
    {
        var idle = await ctx.HttpContext.RequestServices.GetRequiredService<SettingsService>().IdleTimeoutAsync(ctx.HttpContext.RequestAborted);
        var now = (ctx.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        // Sliding renewal keeps the span ExpiresUtc − IssuedUtc, so this span is the idle timeout for the whole session
        // (RefreshSignInAsync passes the old times in: start them again).
        ctx.Properties.IssuedUtc = now;
        ctx.Properties.ExpiresUtc = now + idle;
        ctx.Properties.AllowRefresh = true;
    }
}
