using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Governance.Data;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Workflows.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Governance.Web;

/// <summary>Puts the user's unit and display name into the cookie so every request knows the actor without a query.</summary>
public sealed class GovernanceClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options,
    IDbContextFactory<GovernanceDbContext> dbFactory)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string UnitId = "gov:unit_id";
    public const string UnitName = "gov:unit_name";
    public const string DisplayName = "gov:display_name";
    public const string MustChangePassword = "gov:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var unitName = await db.Units.Where(u => u.Id == user.UnitId).Select(u => u.Name).FirstOrDefaultAsync() ?? "";
        identity.AddClaim(new Claim(UnitId, user.UnitId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(UnitName, unitName));
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangePassword, "true"));
        return identity;
    }

    /// <summary>The workflow layer's view of a signed-in principal; null for anonymous or API-key callers.</summary>
    public static Actor? ToActor(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !int.TryParse(principal.FindFirstValue(UnitId), CultureInfo.InvariantCulture, out var unitId)) return null;
        var roleSet = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(id, principal.FindFirstValue(DisplayName) ?? principal.Identity.Name ?? id, unitId,
            principal.FindFirstValue(UnitName) ?? "", roleSet);
    }
}

/// <summary>The signed-in user of the current circuit as an <see cref="Actor"/>.</summary>
public sealed class CurrentActor(AuthenticationStateProvider auth)
{
    private Actor? _actor;

    public async Task<Actor> GetAsync()
    {
        if (_actor is not null) return _actor;
        var state = await auth.GetAuthenticationStateAsync();
        return _actor = GovernanceClaimsFactory.ToActor(state.User) ?? throw new UnauthorizedAccessException("未登录");
    }
}

/// <summary>X-Api-Key for the public site and scripts; keys are stored hashed.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    /// <summary>The claim naming the API client (the key's name).</summary>
    public const string ClientClaim = "gov:api_client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        var name = await keys.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (name is null) return AuthenticateResult.Fail("invalid api key");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClientClaim, name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Identity's messages in Chinese.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少 {length} 位。" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码须包含数字。" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码须包含小写字母。" };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密码须包含大写字母。" };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "密码须包含符号。" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "原密码不正确。" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已存在。" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 ._-@。" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作失败，请重试。" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "数据已被他人修改，请刷新后重试。" };
}
