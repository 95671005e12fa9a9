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
using Governance.Workflows.Admin;
using Governance.Workflows.Audit;
using Governance.Workflows.Identity;
using Governance.Workflows.Settings;
using Governance.Web.Features.Admin;
using Governance.Workflows.PreCheck;

namespace Governance.Web.Features.Admin;

public partial class UsersPage
{
    private IReadOnlyList<UserRow>? _rows;
    private IReadOnlyList<Unit> _units = [];
    private Actor? _actor;
    private string? _search;

    private IEnumerable<UserRow> Filtered => string.IsNullOrWhiteSpace(_search)
        ? _rows ?? []
        : (_rows ?? []).Where(u => u.UserName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
                                   || u.DisplayName.Contains(_search.Trim()) || u.UnitName.Contains(_search.Trim()));

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _units = await Units.ListAsync(includeInactive: false);
        _rows = await UserAdmin.ListAsync(_actor!);
    }

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>("新建用户",
            new DialogParameters<UserDialog> { { x => x.Actor, _actor }, { x => x.Units, _units } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("用户已创建，首次登录须修改初始密码。", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditAsync(UserRow user)
    {
        var dialog = await Dialogs.ShowAsync<UserDialog>($"修改单位/角色/邮箱：{user.DisplayName}",
            new DialogParameters<UserDialog> { { x => x.Actor, _actor }, { x => x.Units, _units }, { x => x.Existing, user } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"已更新用户“{user.DisplayName}”的单位和角色。", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>($"重置密码：{user.DisplayName}",
            new DialogParameters<ResetPasswordDialog> { { x => x.Actor, _actor }, { x => x.User, user } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"已重置“{user.DisplayName}”的密码，下次登录须修改。", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetDisabledAsync(UserRow user, bool disabled)
    {
        var verb = disabled ? "停用" : "启用";
        var ok = await Dialogs.ShowMessageBoxAsync($"{verb}用户", $"确定{verb}用户“{user.DisplayName}”（{user.UserName}）吗？" +
            (disabled ? "停用后该用户将无法登录，已登录的会话会在一分钟内失效。" : ""), yesText: verb, cancelText: "取消");
        if (ok != true) return;
        var error = await UserAdmin.SetDisabledAsync(_actor!, user.Id, disabled);
        if (error is not null) { Snackbar.Add(error, Severity.Error); return; }
        Snackbar.Add($"已{verb}用户“{user.DisplayName}”。", Severity.Success);
        await LoadAsync();
    }
}
