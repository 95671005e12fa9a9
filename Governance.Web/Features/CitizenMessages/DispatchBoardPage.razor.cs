using Governance.Web.Features.Shared;
using Governance.Data.Entities;
using Governance.Workflows.Admin;
using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// The Monitor's 分办台: messages waiting for a unit (new and returned), oldest first, with their dispatch deadline.
/// Several can go to one unit in one dialog; each is its own transition on the version shown (journaled on its own),
/// and each result is listed — success, or the server's Chinese reason (a stale version, a unit that does not answer
/// messages). The board follows changes made elsewhere (ChangeFeed).
/// </summary>
public sealed partial class DispatchBoardPage : IDisposable
{
    [Inject] private CitizenMessageService Service { get; set; } = default!;
    [Inject] private UnitService UnitService { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ChangeFeed Feed { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<DispatchEntry>? _entries;
    private readonly HashSet<long> _selected = [];
    private List<AssignResult>? _results;
    private string? _resultUnit;
    private bool _busy;
    private Actor? _actor;

    private sealed record AssignResult(long Id, string Number, string Title, bool Ok, string? Message);

    private bool AllSelected => _entries is { Count: > 0 } && _entries.All(e => _selected.Contains(e.Row.Id));

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        await LoadAsync();
        _live = new LiveReload(Feed, InvokeAsync, async () =>
        {
            if (_busy) return; // the board's own assignment reloads it when done
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task LoadAsync()
    {
        _entries = await Service.DispatchEntriesAsync(_actor!);
        _selected.IntersectWith(_entries.Select(e => e.Row.Id));
    }

    private void Toggle(long id, bool on)
    {
        if (on) _selected.Add(id);
        else _selected.Remove(id);
    }

    private void SelectAll(bool on)
    {
        _selected.Clear();
        if (on && _entries is not null) _selected.UnionWith(_entries.Select(e => e.Row.Id));
    }

    private async Task OpenAssignAsync()
    {
        if (_selected.Count == 0 || _entries is null) return;
        var units = (await UnitService.ListAsync()).Where(u => u.Kind is UnitKind.Department or UnitKind.Town).ToList();
        var dialog = await Dialogs.ShowAsync<AssignDialog>("分办",
            new DialogParameters<AssignDialog> { { x => x.Count, _selected.Count }, { x => x.Units, units } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not AssignDialog.Choice choice) return;
        await AssignAsync(choice.Unit, choice.Comment);
    }

    /// <summary>Fires 分办 for every selected message on the version shown, then lists what happened to each.</summary>
    private async Task AssignAsync(Unit unit, string? comment)
    {
        var chosen = _entries!.Where(e => _selected.Contains(e.Row.Id)).ToList();
        _busy = true;
        try
        {
            var outcomes = await Service.AssignManyAsync(_actor!, chosen.Select(e => (e.Row.Id, e.Version)).ToList(), unit.Id, comment);
            _results = outcomes.Select(o =>
            {
                var e = chosen.First(c => c.Row.Id == o.Id);
                return new AssignResult(o.Id, e.Row.Number, e.Row.Title, o.Result.Succeeded, o.Result.Succeeded ? null : o.Result.Message);
            }).ToList();
            _resultUnit = unit.Name;
            var ok = _results.Count(r => r.Ok);
            var failed = _results.Count - ok;
            Snackbar.Add(failed == 0 ? $"已将 {ok} 条留言分办给{unit.Name}。" : $"{ok} 条已分办给{unit.Name}，{failed} 条未分办，原因见分办结果。",
                failed == 0 ? Severity.Success : Severity.Warning);
            _selected.Clear();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private LiveReload? _live;

    public void Dispose() => _live?.Dispose();
}
