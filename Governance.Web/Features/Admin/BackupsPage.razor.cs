using Governance.Workflows.Backups;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Admin;

/// <summary>The backups list (download each), a backup now, and the retention period (第15条(一)).</summary>
public partial class BackupsPage
{
    [Inject] private BackupService Backups { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;

    private IReadOnlyList<BackupInfo>? _rows;
    private int _retentionDays = BackupService.DefaultRetentionDays;
    private string? _message;
    private bool _failed;
    private bool _busy;

    protected override async Task OnInitializedAsync()
    {
        _retentionDays = await Backups.RetentionDaysAsync();
        _rows = await Backups.ListAsync();
    }

    private async Task BackupNowAsync()
    {
        _busy = true;
        _message = null;
        try
        {
            var result = await Backups.CreateAsync(await CurrentActor.GetAsync(), BackupService.Manual);
            (_message, _failed) = (result.Message, !result.Succeeded);
            _rows = await Backups.ListAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveRetentionAsync()
    {
        var error = await Backups.SetRetentionDaysAsync(await CurrentActor.GetAsync(), _retentionDays);
        (_message, _failed) = error is null ? ($"保留天数已设为 {_retentionDays} 天。", false) : (error, true);
        if (error is not null) _retentionDays = await Backups.RetentionDaysAsync();
    }
}
