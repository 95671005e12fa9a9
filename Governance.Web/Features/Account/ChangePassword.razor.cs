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
using System.ComponentModel.DataAnnotations;

namespace Governance.Web.Features.Account;

public partial class ChangePassword
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm(Name = "Input")] private ChangeModel? Posted { get; set; }
    private ChangeModel Input => Posted ??= new();
    private string? _error;
    private bool _mustChange;

    protected override async Task OnInitializedAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User);
        _mustChange = user?.MustChangePassword == true;
    }

    private async Task ChangeAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User);
        if (user is null) { HttpContext.Response.Redirect("/account/login"); return; }
        if (await Users.IsLockedOutAsync(user))
        {
            await SignOutLockedAsync(user);
            return;
        }
        // A wrong current password is a failed sign-in: it counts towards the lockout (5 failures, 15 minutes), otherwise
        // a stolen session could guess the password here without limit.
        if (!await Users.CheckPasswordAsync(user, Input.Current))
        {
            await Users.AccessFailedAsync(user);
            await Audit.WriteAsync(user.Id, user.UserName, "password.change.failed", "修改密码时当前密码错误");
            if (await Users.IsLockedOutAsync(user))
            {
                await SignOutLockedAsync(user);
                return;
            }
            _error = "当前密码不正确。连续 5 次错误账号将锁定 15 分钟。";
            return;
        }
        if (Input.New == Input.Current) { _error = "新密码不能与当前密码相同。"; return; }
        var result = await Users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            _error = string.Join(" ", result.Errors.Select(e => e.Description));
            return;
        }
        await Users.ResetAccessFailedCountAsync(user);
        user.MustChangePassword = false;
        await Users.UpdateAsync(user);
        await Audit.WriteAsync(user.Id, user.UserName, "password.change", "用户修改密码");
        await SignIn.RefreshSignInAsync(user);
        HttpContext.Response.Redirect("/");
    }

    private async Task SignOutLockedAsync(AppUser user)
    {
        await Audit.WriteAsync(user.Id, user.UserName, "password.change.locked", "修改密码时当前密码多次错误，账号锁定并退出登录");
        await SignIn.SignOutAsync();
        HttpContext.Response.Redirect("/account/login");
    }

    private sealed class ChangeModel
    {
        [Required(ErrorMessage = "请输入当前密码")] public string Current { get; set; } = "";
        [Required(ErrorMessage = "请输入新密码"), MinLength(8, ErrorMessage = "新密码至少 8 位")] public string New { get; set; } = "";
        [Compare(nameof(New), ErrorMessage = "两次输入的新密码不一致")] public string Confirm { get; set; } = "";
    }
}
