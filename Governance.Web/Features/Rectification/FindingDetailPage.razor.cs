using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// One finding on the shared detail shell: what was found, where, how serious, since when and whether it repeats; the
/// rectification report — an editor for the unit's Editor while 整改中, read-only otherwise, with whether it came in on
/// time. Evidence is the shell's attachments (整改佐证); the actions (签收, 开始整改, 提交整改报告, 核验 …) its action bar.
/// </summary>
public sealed partial class FindingDetailPage
{
    [Inject] private FindingService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private FindingFields? _fields;
    private string? _report, _reportUrl, _saveError;
    private bool _dirty, _busy;

    private static bool ShowEditor(ItemView view) => view.CanEdit && view.Instance.State == RectificationWorkflow.S.Rectifying;

    /// <summary>The finding's fields, read once per refresh; what the user is typing is kept across refreshes.</summary>
    private async Task LoadAsync(ItemView view)
    {
        _fields = await Service.FieldsAsync(view, await CurrentActor.GetAsync());
        if (!_dirty)
        {
            _report = _fields?.Finding.Report;
            _reportUrl = _fields?.Finding.ReportUrl;
        }
    }

    private async Task SaveAsync(ItemView view)
    {
        _busy = true;
        _saveError = null;
        try
        {
            var result = await Service.SaveReportAsync(Id, view.Instance.Version, await CurrentActor.GetAsync(), _report, _reportUrl);
            if (result.Succeeded)
            {
                _dirty = false;
                Snackbar.Add("整改报告已保存。", Severity.Success);
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

/// <summary>How a repeat is explained.</summary>
public static class RectificationRepeat
{
    public static string Text(string? previousNumber) =>
        previousNumber is null ? $"{FindingService.RepeatWindowDays} 天内同一栏目已发生同类问题。"
            : $"{FindingService.RepeatWindowDays} 天内同一栏目已发生同类问题（{previousNumber}）。";
}
