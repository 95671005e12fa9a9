using Governance.Data.Entities;
using Governance.Workflows.Admin;
using Governance.Workflows.Engine;
using Governance.Workflows.Registers;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Columns;

public sealed partial class ColumnDialog
{
    [Inject] private ColumnRegister Register { get; set; } = default!;
    [Inject] private UnitService Units { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;
    /// <summary>The column to edit; null to create one.</summary>
    [Parameter] public ColumnRow? Existing { get; set; }

    private readonly ColumnForm _form = new();
    private readonly ColumnPeopleForm _people = new();
    private DateTime? _start;
    private DateTime? _end;
    private IReadOnlyList<Unit>? _units;
    private IReadOnlyList<(int Id, string Path)>? _parents;
    private IReadOnlyList<StaffCandidate> _candidates = [];
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private string? _message;
    private bool _busy;

    /// <summary>专题专栏 only as the existing special column's own: a new one comes through its W1 request (第7条).</summary>
    private IEnumerable<string> Categories =>
        Existing?.IsSpecial == true ? [ColumnCategories.Special] : ColumnCategories.All.Where(c => c != ColumnCategories.Special);

    protected override async Task OnInitializedAsync()
    {
        if (Existing is { } e)
        {
            (_form.Name, _form.UnitId, _form.Category, _form.Url) = (e.Name, e.UnitId, e.Category, e.Url);
            (_form.CommittedCadenceDays, _form.SortOrder) = (e.CommittedCadenceDays, e.SortOrder);
            (_people.ResponsiblePerson, _people.StaffA, _people.StaffB, _people.StaffAUserId, _people.StaffBUserId) =
                (e.ResponsiblePerson, e.StaffA, e.StaffB, e.StaffAUserId, e.StaffBUserId);
            _start = e.StartDate?.ToDateTime(TimeOnly.MinValue);
            _end = e.EndDate?.ToDateTime(TimeOnly.MinValue);
            _candidates = await Register.StaffCandidatesAsync(Actor, e.UnitId);
        }
        _parents = await Register.ParentChoicesAsync(Actor);
        _units = await Units.ListAsync();
    }

    private async Task OnUnitChangedAsync(int? unitId)
    {
        _form.UnitId = unitId;
        _candidates = unitId is { } id ? await Register.StaffCandidatesAsync(Actor, id) : [];
        // Accounts belong to a unit: another unit's choice no longer applies.
        if (_people.StaffAUserId is { } a && _candidates.All(c => c.UserId != a)) _people.StaffAUserId = null;
        if (_people.StaffBUserId is { } b && _candidates.All(c => c.UserId != b)) _people.StaffBUserId = null;
    }

    private bool Has(string field) => _errors.ContainsKey(field);
    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            _form.ResponsiblePerson = _people.ResponsiblePerson;
            (_form.StaffA, _form.StaffB, _form.StaffAUserId, _form.StaffBUserId) = (_people.StaffA, _people.StaffB, _people.StaffAUserId, _people.StaffBUserId);
            _form.StartDate = _start is { } s ? DateOnly.FromDateTime(s) : null;
            _form.EndDate = _end is { } e ? DateOnly.FromDateTime(e) : null;
            var result = Existing is { } existing
                ? await Register.UpdateAsync(Actor, existing.Id, existing.Version, _form)
                : await Register.CreateAsync(Actor, _form);
            if (result.Succeeded || result.Status == RegisterStatus.Conflict)
            {
                MudDialog.Close(DialogResult.Ok(result));
                return;
            }
            _errors = result.Errors ?? new Dictionary<string, string>();
            _message = result.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
