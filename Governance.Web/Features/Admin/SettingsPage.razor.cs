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
using Governance.Workflows.Registers;

namespace Governance.Web.Features.Admin;

public partial class SettingsPage
{
    private const int Min = 1, Max = 30;

    private sealed class Item(string key, string label, int @default)
    {
        public string Key { get; } = key;
        public string Label { get; } = label;
        public int Default { get; } = @default;
        public int Value { get; set; }
    }

    private List<Item>? _items;
    private List<Toggle>? _toggles;

    private sealed class Toggle(ToggleSetting setting)
    {
        public ToggleSetting Setting { get; } = setting;
        public bool Value { get; set; }
    }
    /// <summary>The register's windows, warning share and blank grace (days or %), each with its own range.</summary>
    private sealed class RegisterItem(RegisterSettings.Item setting)
    {
        public RegisterSettings.Item Setting { get; } = setting;
        public int Value { get; set; }
    }

    private List<RegisterItem>? _register;
    private MudForm? _form;
    private int _idleMinutes = SessionSettings.DefaultIdleMinutes;
    private Actor? _actor;
    private List<string> _errors = [];
    private bool _busy;

    /// <summary>Every waiting state's deadline, read from the definitions themselves (one source of the defaults).</summary>
    private List<Item> Definitions() =>
        Runtime.Registry.LatestAll.OrderBy(d => d.Key)
            .SelectMany(d => d.States.Where(st => st.Deadline is not null)
                .Select(st => new Item(st.Deadline!.SettingKey, $"{d.DisplayName} · {st.Deadline.Label ?? st.DisplayName}", st.Deadline.DefaultWorkingDays))
                .Concat(Modules.All.Where(m => m.Key == d.Key).SelectMany(m => m.DeadlineSettings)
                    .Select(x => new Item(x.Key, $"{d.DisplayName} · {x.Label}", x.Default))))
            .DistinctBy(i => i.Key)
            .ToList();

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        var items = Definitions();
        foreach (var i in items) i.Value = await Settings.GetIntAsync(i.Key, i.Default);
        // Each workflow's on/off rules, from its module descriptor.
        var toggles = Modules.All.SelectMany(m => m.Toggles).Select(t => new Toggle(t)).ToList();
        foreach (var t in toggles) t.Value = await Settings.GetBoolAsync(t.Setting.Key, t.Setting.Default);
        _toggles = toggles;
        _idleMinutes = (int)(await Settings.IdleTimeoutAsync()).TotalMinutes;
        var register = RegisterSettings.Items.Select(r => new RegisterItem(r)).ToList();
        foreach (var r in register) r.Value = await Settings.GetIntAsync(r.Setting.Key, r.Setting.Default);
        _register = register;
        _items = items;
    }

    private static string? CheckIdle(int value) => value is < SessionSettings.MinIdleMinutes or > SessionSettings.MaxIdleMinutes
        ? $"空闲自动退出时间须在 {SessionSettings.MinIdleMinutes} 至 {SessionSettings.MaxIdleMinutes} 分钟之间。"
        : null;

    private static string? Check(Item item, int value) =>
        value is < Min or > Max ? $"{item.Label}时限须在 {Min} 至 {Max} 个工作日之间。" : null;

    private static string? Check(RegisterItem item, int value) =>
        value < item.Setting.Min || value > item.Setting.Max
            ? $"{item.Setting.Label}须在 {item.Setting.Min} 至 {item.Setting.Max}{item.Setting.Unit}之间。" : null;

    private void ResetToDefaults()
    {
        foreach (var r in _register!) r.Value = r.Setting.Default;
        foreach (var i in _items!) i.Value = i.Default;
        foreach (var t in _toggles!) t.Value = t.Setting.Default;
        _idleMinutes = SessionSettings.DefaultIdleMinutes;
    }

    private async Task SaveAsync()
    {
        await _form!.ValidateAsync();
        if (!_form.IsValid) return;
        _busy = true;
        _errors = [];
        try
        {
            foreach (var i in _items!)
                if (await Settings.SetIntAsync(_actor!, i.Key, i.Value, Min, Max) is { } error)
                    _errors.Add($"{i.Label}：{error}");
            foreach (var r in _register!)
                if (await Settings.SetIntAsync(_actor!, r.Setting.Key, r.Value, r.Setting.Min, r.Setting.Max) is { } error)
                    _errors.Add($"{r.Setting.Label}：{error}");
            foreach (var t in _toggles!)
                if (await Settings.SetBoolAsync(_actor!, t.Setting.Key, t.Value) is { } error)
                    _errors.Add($"{t.Setting.Label}：{error}");
            if (await Settings.SetIntAsync(_actor!, SessionSettings.IdleTimeoutKey, _idleMinutes, SessionSettings.MinIdleMinutes,
                    SessionSettings.MaxIdleMinutes) is { } idleError)
                _errors.Add($"空闲自动退出：{idleError}");
        }
        finally
        {
            _busy = false;
        }
        if (_errors.Count == 0) Snackbar.Add("设置已保存。", Severity.Success);
    }
}
