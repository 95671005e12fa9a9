using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// 导入留言: the template to download; a file read into a preview that shows each row's problems (nothing stored); then
/// 导入有效行 stores the valid rows (idempotent by 来源编号) and reports what was imported and what was skipped, and why.
/// </summary>
public sealed partial class MessageImportPage
{
    [Inject] private MessageImport Import { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudFileUpload<IBrowserFile>? _upload;
    private ImportPreview? _preview;
    private ImportReport? _report;
    private bool _busy;

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _busy = true;
        _report = null;
        try
        {
            if (file.Size > MessageImport.MaxBytes)
            {
                _preview = new ImportPreview(file.Name, null, [], $"文件不能超过 {MessageImport.MaxBytes / 1024 / 1024} MB。");
                return;
            }
            await using var stream = file.OpenReadStream(MessageImport.MaxBytes);
            _preview = await Import.PreviewAsync(stream, file.Name);
        }
        catch (IOException)
        {
            _preview = new ImportPreview(file.Name, null, [], "文件读取失败，请重新选择。");
        }
        finally
        {
            _busy = false;
            // The same file may be chosen again after it was corrected.
            if (_upload is not null) await _upload.ClearAsync();
        }
    }

    private async Task ImportAsync()
    {
        if (_preview is null) return;
        _busy = true;
        try
        {
            _report = await Import.ImportAsync(await CurrentActor.GetAsync(), _preview);
            Snackbar.Add(_report.Summary, _report.Error is null ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
