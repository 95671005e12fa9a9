using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Accountability;

/// <summary>One measure on the shared detail shell: unit, kind, date, reason, linked items; the unit's reply editor while 待回复.</summary>
public sealed partial class MeasureDetailPage
{
    [Inject] private MeasureService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private MeasureFields? _fields;
    private string? _reply, _saveError;
    private bool _dirty, _busy;

    private static bool ShowEditor(ItemView view) => view.CanEdit && view.Instance.State == MeasureWorkflow.S.AwaitingReply;

    private async Task LoadAsync(ItemView view)
    {
        _fields = await Service.FieldsAsync(view);
        if (!_dirty) _reply = _fields?.Measure.ReplyText;
    }

    private async Task SaveAsync(ItemView view)
    {
        _busy = true;
        _saveError = null;
        try
        {
            var result = await Service.SaveReplyAsync(Id, view.Instance.Version, await CurrentActor.GetAsync(), _reply);
            if (result.Succeeded)
            {
                _dirty = false;
                Snackbar.Add("回复已保存。", Severity.Success);
                return;
            }
            _saveError = result.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
