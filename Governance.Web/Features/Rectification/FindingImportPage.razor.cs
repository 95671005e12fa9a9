using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.Rectification;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// 导入检查报告: choose or open a campaign; a file read into a preview that shows each row's problems (nothing raised);
/// then 下发有效行 raises the valid rows (idempotent per campaign and problem) and says how many were issued and skipped.
/// </summary>
public sealed partial class FindingImportPage
{
    [Inject] private FindingImport Import { get; set; } = default!;
    [Inject] private FindingService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudFileUpload<IBrowserFile>? _upload;
    private IReadOnlyList<CampaignRow> _campaigns = [];
    private int? _campaignId;
    private string? _newName, _campaignError;
    private string _newKind = FindingSources.Quarterly;
    private int _year, _quarter;
    private FindingImportPreview? _preview;
    private FindingImportReport? _report;
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        var today = ChinaTime.Date(Time.GetUtcNow().UtcDateTime);
        _year = today.Year;
        _quarter = (today.Month - 1) / 3 + 1;
        _campaigns = await Service.CampaignsAsync();
    }

    private async Task CreateCampaignAsync()
    {
        _campaignError = null;
        var name = string.IsNullOrWhiteSpace(_newName) ? $"{_year}年第{_quarter}季度政府网站检查" : _newName;
        var (id, error) = await Service.CreateCampaignAsync(await CurrentActor.GetAsync(), name, _newKind, _year, _quarter);
        if (error is not null)
        {
            _campaignError = error;
            return;
        }
        _campaigns = await Service.CampaignsAsync();
        _campaignId = id;
        _newName = null;
        Snackbar.Add($"已建立检查批次“{name}”。", Severity.Success);
    }

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (file is null || _campaignId is not { } campaign) return;
        _busy = true;
        _report = null;
        try
        {
            if (file.Size > FindingImport.MaxBytes)
            {
                _preview = new FindingImportPreview(file.Name, campaign, [], $"文件不能超过 {FindingImport.MaxBytes / 1024 / 1024} MB。");
                return;
            }
            await using var stream = file.OpenReadStream(FindingImport.MaxBytes);
            _preview = await Import.PreviewAsync(campaign, stream, file.Name);
        }
        catch (IOException)
        {
            _preview = new FindingImportPreview(file.Name, campaign, [], "文件读取失败，请重新选择。");
        }
        finally
        {
            _busy = false;
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
            _campaigns = await Service.CampaignsAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
