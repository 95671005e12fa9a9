using Microsoft.AspNetCore.Components;
using System.Globalization;
using System.Net.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using static Microsoft.AspNetCore.Components.Web.RenderMode;
using Microsoft.JSInterop;
using MudBlazor;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Web;
using Governance.Web.Components;
using Governance.Web.Components.Layout;
using Governance.Web.Features.Shared;
using Governance.Workflows.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Authentication;
using System.ComponentModel.DataAnnotations;

namespace Governance.Web.Features.Account;

public partial class Login
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm(Name = "Input")] private LoginModel? Posted { get; set; }
    private LoginModel Input => Posted ??= new();
    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }
    /// <summary>Why the user is here again: <c>idle</c> (the idle timer signed out), <c>ended</c> (the server ended the session).</summary>
    [SupplyParameterFromQuery(Name = "reason")] private string? Reason { get; set; }
    internal const string IdleNotice = "由于长时间未操作，您已自动退出登录，请重新登录。";
    internal const string EndedNotice = "登录状态已失效，请重新登录。";

    private static string? NoticeFor(string? reason) => reason switch { "idle" => IdleNotice, "ended" => EndedNotice, _ => null };
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        if (HttpMethods.IsGet(HttpContext.Request.Method))
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    // One message for every failed sign-in (wrong password, unknown user, locked or disabled account): the page must not
    // tell an outsider which user names exist or which accounts are locked.
    internal const string FailedMessage = "用户名或密码错误。连续 5 次错误账号将锁定 15 分钟，如需帮助请联系系统管理员。";
    internal const string ThrottledMessage = "登录失败次数过多，请 15 分钟后再试。";
    private static string? _dummyHash;

    private async Task LoginAsync()
    {
        var ip = HttpContext.Connection.RemoteIpAddress;
        var userName = Input.UserName.Trim();
        if (Throttle.IsThrottled(ip))
        {
            _error = ThrottledMessage;
            await Audit.WriteAsync(null, userName, "login.throttled", $"来源 {SignInThrottle.KeyOf(ip)} 登录失败过多，暂停受理");
            return;
        }
        var user = await Users.FindByNameAsync(userName);
        if (user is null)
        {
            DummyVerify(); // same work as for a real account: timing tells nothing
            await FailAsync(null, "用户不存在");
            return;
        }
        if (user.IsDisabled)
        {
            // Only someone who knows the password learns that the account is disabled.
            if (await Users.CheckPasswordAsync(user, Input.Password))
            {
                _error = "该账号已停用，请联系系统管理员。";
                await Audit.WriteAsync(user.Id, user.UserName, "login.disabled", "停用账号尝试登录");
                return;
            }
            await FailAsync(user, "停用账号，密码错误");
            return;
        }
        if (await Users.IsLockedOutAsync(user))
        {
            DummyVerify(); // SignInManager returns before hashing for a locked account
            await FailAsync(user, "账号锁定中");
            return;
        }
        // Lockout after 5 failures (the Blazor template passes lockoutOnFailure: false).
        var result = await SignIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await Audit.WriteAsync(user.Id, user.UserName, "login", "登录成功");
            var target = user.MustChangePassword ? "/account/change-password" : SafeReturnUrl();
            HttpContext.Response.Redirect(target);
            return;
        }
        await FailAsync(user, result.IsLockedOut ? "密码错误，账号锁定" : "密码错误");
    }

    private async Task FailAsync(AppUser? user, string reason)
    {
        Throttle.RecordFailure(HttpContext.Connection.RemoteIpAddress);
        await Audit.WriteAsync(user?.Id, user?.UserName ?? Input.UserName.Trim(), "login.failed", reason);
        _error = FailedMessage;
    }

    private void DummyVerify()
    {
        var dummy = new AppUser { UserName = "-", DisplayName = "-" };
        _dummyHash ??= Hasher.HashPassword(dummy, Guid.NewGuid().ToString("N"));
        Hasher.VerifyHashedPassword(dummy, _dummyHash, Input.Password);
    }

    private string SafeReturnUrl() => SafeRedirect.LocalOrHome(ReturnUrl);

    private sealed class LoginModel
    {
        [Required(ErrorMessage = "请输入用户名"), StringLength(64, ErrorMessage = "用户名不能超过 64 个字符")] public string UserName { get; set; } = "";
        [Required(ErrorMessage = "请输入密码"), StringLength(256, ErrorMessage = "密码过长")] public string Password { get; set; } = "";
    }
}
