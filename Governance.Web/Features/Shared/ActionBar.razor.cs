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

namespace Governance.Web.Features.Shared;

public partial class ActionBar
{
    [Parameter, EditorRequired] public long InstanceId { get; set; }
    [Parameter, EditorRequired] public int Version { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<AvailableAction> Actions { get; set; } = [];
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;
    [Parameter] public EventCallback<FireResult> Fired { get; set; }
    /// <summary>Raised when an open dialog went stale because the page refreshed to a newer version.</summary>
    [Parameter] public EventCallback Stale { get; set; }
    private bool _busy;
    private IDialogReference? _open;
    private int _openedAtVersion;

    private static Color ColorOf(AvailableAction a) =>
        a.Style == ActionStyle.Danger ? Color.Error : a.Style == ActionStyle.Primary ? Color.Primary : Color.Default;

    /// <summary>The page refreshed to a newer version while a dialog is open: the dialog's action is stale.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_open?.Dialog is ActionDialog dialog && Version != _openedAtVersion && !dialog.IsStale)
        {
            await dialog.MarkStaleAsync(FireResult.ConflictMessage);
            await Stale.InvokeAsync();
        }
    }

    private async Task FireAsync(AvailableAction action)
    {
        string? error = null;
        FireInput? previous = null;
        var stale = false;
        _openedAtVersion = Version;
        while (true)
        {
            _open = await Dialogs.ShowAsync<ActionDialog>(action.DisplayName,
                new DialogParameters<ActionDialog>
                {
                    { x => x.Action, action }, { x => x.Error, error }, { x => x.Initial, previous }, { x => x.StaleMessage, stale ? error : null },
                },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            var result = await _open.Result;
            _open = null;
            if (result is null || result.Canceled || result.Data is not FireInput input) return;
            _busy = true;
            try
            {
                var fired = await Runtime.FireAsync(InstanceId, _openedAtVersion, action.Trigger, Actor, input);
                if (fired.Succeeded)
                {
                    Snackbar.Add($"“{action.DisplayName}”已完成。", Severity.Success);
                    await Fired.InvokeAsync(fired);
                    return;
                }
                previous = input; // what was typed is never lost
                error = fired.Message;
                if (fired.Status == FireStatus.Invalid) continue; // the dialog again, with the server's message
                // A stale version or a refusal: the page reloads, and the dialog comes back with the text, not confirmable.
                await Fired.InvokeAsync(fired);
                stale = true;
            }
            finally
            {
                _busy = false;
            }
        }
    }
}
