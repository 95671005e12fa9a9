using Governance.Workflows.Registers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Governance.Web.Features.Columns;

/// <summary>
/// 导入栏目台账 (监测员, 系统管理员): a file read into a preview that shows what each row will do and every row's problems
/// (nothing stored); then the valid rows are applied — new columns added, changed ones updated, matched by 栏目路径 and
/// 保障单位 so that importing the same file again adds nothing.
/// </summary>
public sealed partial class ColumnImportPage
{
    [Inject] private ColumnRegisterImport Import { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudFileUpload<IBrowserFile>? _upload;
    private RegisterImportPreview? _preview;
    private RegisterImportReport? _report;
    private bool _busy;

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _busy = true;
        _report = null;
        try
        {
            if (file.Size > ColumnRegisterImport.MaxBytes)
            {
                _preview = new RegisterImportPreview(file.Name, [], $"文件不能超过 {ColumnRegisterImport.MaxBytes / 1024 / 1024} MB。");
                return;
            }
            await using var stream = file.OpenReadStream(ColumnRegisterImport.MaxBytes);
            _preview = await Import.PreviewAsync(await CurrentActor.GetAsync(), stream, file.Name);
        }
        catch (IOException)
        {
            _preview = new RegisterImportPreview(file.Name, [], "文件读取失败，请重新选择。");
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
