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
using Governance.Workflows.Attachments;

namespace Governance.Web.Features.Shared;

public partial class AttachmentList
{
    [Parameter, EditorRequired] public long InstanceId { get; set; }
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;
    /// <summary>Whether to show the upload control (the server checks again: visible item, not an Observer).</summary>
    [Parameter] public bool CanUpload { get; set; }
    /// <summary>The purposes offered (the item's workflow's, from its module), the first preselected.</summary>
    [Parameter] public IReadOnlyList<AttachmentPurpose>? Purposes { get; set; }
    /// <summary>The item's version: every attachment change bumps it, so a new version reloads the list.</summary>
    [Parameter] public int Version { get; set; }

    private IReadOnlyList<AttachmentPurpose> PurposeList => Purposes is { Count: > 0 } p ? p : [AttachmentPurpose.Other];
    private IReadOnlyList<AttachmentInfo> _items = [];
    private string _purpose = AttachmentPurpose.OtherCode;
    private string? _error;
    private bool _busy;
    private long _loadedFor = -1;
    private int _loadedVersion = -1;

    protected override async Task OnParametersSetAsync()
    {
        if (PurposeList.All(p => p.Code != _purpose)) _purpose = PurposeList[0].Code;
        if (_loadedFor != InstanceId)
        {
            _loadedFor = InstanceId;
            _purpose = PurposeList[0].Code;
            _loadedVersion = Version;
            await LoadAsync();
        }
        else if (_loadedVersion != Version)
        {
            _loadedVersion = Version;
            await LoadAsync();
        }
    }

    private async Task LoadAsync() => _items = await Attachments.ListAsync(InstanceId, Actor);

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _error = null;
        if (file.Size > Attachments.MaxBytes)
        {
            _error = $"文件过大：单个附件不能超过 {AttachmentService.FormatSize(Attachments.MaxBytes)}。";
            return;
        }
        _busy = true;
        StateHasChanged();
        try
        {
            await using var stream = file.OpenReadStream(Attachments.MaxBytes);
            var result = await Attachments.UploadAsync(InstanceId, Actor, _purpose, file.Name, stream);
            if (!result.Succeeded) _error = result.Error;
            else
            {
                Snackbar.Add($"已上传“{file.Name}”。", Severity.Success);
                await LoadAsync();
            }
        }
        catch (IOException)
        {
            _error = "上传中断，请重试。";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(AttachmentInfo a)
    {
        var ok = await Dialogs.ShowMessageBoxAsync("删除附件", $"确定删除附件“{a.FileName}”吗？", yesText: "删除", cancelText: "取消");
        if (ok != true) return;
        var error = await Attachments.DeleteAsync(a.Id, Actor);
        if (error is not null) Snackbar.Add(error, Severity.Error);
        else Snackbar.Add($"已删除“{a.FileName}”。", Severity.Success);
        await LoadAsync();
    }
}
