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

namespace Governance.Web.Features.Notifications;

public partial class NotificationsPage
{
    private List<Notification>? _items;
    private int _total;
    private bool _unreadOnly;
    private string _userId = "";

    protected override async Task OnInitializedAsync()
    {
        _userId = (await CurrentActor.GetAsync()).UserId;
        await LoadAsync(50);
        Feed.NotificationsChanged += OnChanged;
    }

    private async Task LoadAsync(int take)
    {
        var (items, total) = await Notifications.ListAsync(_userId, _unreadOnly, 0, take);
        _items = items.ToList();
        _total = total;
    }

    private Task MoreAsync() => LoadAsync((_items?.Count ?? 0) + 50);

    private async Task ToggleAsync(bool value)
    {
        _unreadOnly = value;
        await LoadAsync(50);
    }

    private async Task OpenAsync(Notification n)
    {
        await Notifications.MarkReadAsync(_userId, n.Id);
        if (!string.IsNullOrEmpty(n.Link)) Navigation.NavigateTo(n.Link);
        else await LoadAsync(Math.Max(50, _items!.Count));
    }

    private async Task MarkAllAsync()
    {
        await Notifications.MarkReadAsync(_userId, null);
        await LoadAsync(Math.Max(50, _items?.Count ?? 0));
    }

    private void OnChanged(string userId)
    {
        if (userId == _userId) InvokeAsync(async () => { await LoadAsync(Math.Max(50, _items?.Count ?? 0)); StateHasChanged(); });
    }

    private static string IconFor(string kind) => kind switch
    {
        "overdue" or "escalation" => Icons.Material.Filled.Warning,
        "reminder" or "warning" => Icons.Material.Filled.Alarm,
        "assigned" => Icons.Material.Filled.Assignment,
        _ => Icons.Material.Filled.Info,
    };

    private static Color ColorFor(string kind) => kind switch
    {
        "overdue" or "escalation" => Color.Error,
        "reminder" or "warning" => Color.Warning,
        _ => Color.Primary,
    };

    public void Dispose() => Feed.NotificationsChanged -= OnChanged;
}
