using Governance.Data.Entities;
using Governance.Workflows.Admin;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Columns;

/// <summary>
/// 栏目台账: the columns the user may see in tree order, with the national veto figures, filters, and the dialogs of what
/// the user may do (the server checks every one again): managers (监测员, 系统管理员) create, edit, move, suspend and close;
/// a unit keeps its own columns' people and records their updates.
/// </summary>
public sealed partial class ColumnRegisterPage
{
    [Inject] private ColumnRegister Register { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A notification's link: ?column=12 shows that column alone.</summary>
    [SupplyParameterFromQuery(Name = "column")] public int? Column { get; set; }

    private readonly RegisterQuery _query = new();
    private IReadOnlyList<ColumnRow>? _rows;
    private IReadOnlyList<Unit>? _units;
    private VetoFigures? _veto;
    private Actor? _actor;
    private bool _canManage;
    private string? _conflict;

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _canManage = ColumnRegister.Manages(_actor);
        _query.ColumnId = Column;
        if (_actor.SeesAllUnits) _units = await Units.ListAsync();
        await LoadAsync();
    }

    private Dictionary<int, ColumnRow> _shown = [];

    private async Task LoadAsync()
    {
        _rows = await Register.ListAsync(_actor!, _query);
        _shown = _rows.ToDictionary(r => r.Id);
        _veto = await Register.VetoFiguresAsync(_actor!);
    }

    /// <summary>Whether the row's parent is in the list (then the indentation says where it is).</summary>
    private bool ParentShown(ColumnRow r) => r.ParentId is { } p && _shown.ContainsKey(p);

    /// <summary>How many of the row's ancestors are shown above it: its indentation.</summary>
    private int ShownDepth(ColumnRow r)
    {
        var depth = 0;
        for (var at = r; at.ParentId is { } p && _shown.TryGetValue(p, out var parent) && depth < 10; at = parent) depth++;
        return depth;
    }

    private async Task SetAsync(Action change)
    {
        change();
        await LoadAsync();
    }

    private bool Keeps(ColumnRow r) => ColumnRegister.Keeps(_actor!, r.UnitId);

    private string Indent(ColumnRow r) => $"padding-left: {Math.Min(ShownDepth(r), 6) * 18}px";

    /// <summary>None: green; up to the line: amber; past it (单项否决): red.</summary>
    private static string Level(int count) => count > VetoFigures.Line ? "vetoed" : count > 0 ? "near" : "none";

    private static string VetoNote(int count) => count > VetoFigures.Line
        ? $"已超过否决线 {count - VetoFigures.Line} 个：按国办秘函〔2019〕19号检查指标单项否决，请立即整改"
        : count == VetoFigures.Line ? "已达否决线，再多 1 个即单项否决" : $"距否决线还有 {VetoFigures.Line - count} 个";

    private Task CreateAsync() => ShowAsync<ColumnDialog>("新增栏目", new DialogParameters<ColumnDialog> { { x => x.Actor, _actor } });

    private Task EditAsync(ColumnRow row) =>
        ShowAsync<ColumnDialog>($"修改栏目：{row.Name}", new DialogParameters<ColumnDialog> { { x => x.Actor, _actor }, { x => x.Existing, row } });

    private Task PeopleAsync(ColumnRow row) =>
        ShowAsync<ColumnPeopleDialog>($"栏目人员：{row.Name}", new DialogParameters<ColumnPeopleDialog> { { x => x.Actor, _actor }, { x => x.Row, row } });

    private Task MoveAsync(ColumnRow row) =>
        ShowAsync<ColumnMoveDialog>($"移动栏目：{row.Name}", new DialogParameters<ColumnMoveDialog> { { x => x.Actor, _actor }, { x => x.Row, row } });

    private Task RecordUpdateAsync(ColumnRow row) =>
        ShowAsync<RecordUpdateDialog>($"登记更新：{row.Name}", new DialogParameters<RecordUpdateDialog> { { x => x.Actor, _actor }, { x => x.Row, row } });

    private Task ReasonAsync(ColumnRow row, string mode) =>
        ShowAsync<ColumnReasonDialog>($"{ColumnReasonDialog.Title(mode)}：{row.Name}",
            new DialogParameters<ColumnReasonDialog> { { x => x.Actor, _actor }, { x => x.Row, row }, { x => x.Mode, mode } });

    /// <summary>
    /// Opens a dialog and returns once it shows (so the row's menu closes); when the dialog closes, an applied change says so,
    /// a stale one shows the conflict message, and the list reloads either way.
    /// </summary>
    private async Task ShowAsync<TDialog>(string title, DialogParameters<TDialog> parameters) where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        _ = AfterAsync(dialog);
    }

    private async Task AfterAsync(IDialogReference dialog)
    {
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: RegisterResult r })
        {
            if (r.Status == RegisterStatus.Conflict) _conflict = r.Message;
            else if (r.Succeeded) Snackbar.Add(r.Message, Severity.Success);
        }
        await LoadAsync();
        StateHasChanged();
    }
}
