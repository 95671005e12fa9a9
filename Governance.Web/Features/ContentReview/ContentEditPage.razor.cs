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
using Governance.Workflows.Definitions.ContentReview;
using Governance.Workflows.Definitions.ColumnRequests;
using Governance.Workflows.PreCheck;

namespace Governance.Web.Features.ContentReview;

public partial class ContentEditPage
{
    [Parameter] public long? Id { get; set; }
    private ContentForm _model = new();
    private MudForm? _form;
    private IReadOnlyList<ColumnChoice> _columns = [];
    private IReadOnlyList<Unit> _units = [];
    private IReadOnlyDictionary<string, string>? _errors;
    private PreCheckResult? _precheck;
    private Actor? _actor;
    private int _version;
    private bool _busy, _editorReady;
    private string? _error;
    private string? _submitRefusal;
    private readonly string _editorId = "editor-" + Guid.NewGuid().ToString("N")[..8];
    private DotNetObjectReference<ContentEditPage>? _self;

    private bool Has(string key) => _errors?.ContainsKey(key) == true;
    private string? Err(string key) => _errors?.GetValueOrDefault(key);

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _columns = await Service.ColumnsForAsync(_actor);
        _units = await Units.ListAsync();
        if (Id is { } id)
        {
            var detail = await Service.GetAsync(id, _actor);
            if (detail is null) { _error = FireResult.NotFoundMessage; return; }
            var def = Runtime.Registry.Get(detail.Instance.DefinitionKey, detail.Instance.DefinitionVersion);
            if (WorkflowRuntime.AuthorizeEdit(def, detail.Instance, _actor) is { } reason) { _error = reason; return; }
            _model = ContentForm.From(detail.Item, detail.Concerned.Select(c => c.UnitId));
            _version = detail.Instance.Version;
        }
        else if (_columns.Count == 0)
        {
            _error = "本单位在栏目台账中还没有可发布的栏目。";
        }
        else
        {
            _model.ColumnId = _columns[0].Id;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_editorReady || _error is not null || !RendererInfo.IsInteractive) return;
        _self = DotNetObjectReference.Create(this);
        _editorReady = await JS.InvokeAsync<bool>("governance.createEditor", _editorId, _model.BodyHtml, _self);
    }

    [JSInvokable]
    public Task OnEditorChanged(string html)
    {
        _model.BodyHtml = html;
        return Task.CompletedTask;
    }

    private async Task SyncBodyAsync()
    {
        if (_editorReady) _model.BodyHtml = await JS.InvokeAsync<string?>("governance.getEditorHtml", _editorId) ?? _model.BodyHtml;
    }

    private async Task PreCheckAsync()
    {
        await SyncBodyAsync();
        _precheck = await Service.PreCheckAsync(_model);
    }

    private async Task ApplyAsync(PreCheckHit hit)
    {
        await SyncBodyAsync();
        var html = PreCheckSuggestions.ApplySuggestionToHtml(_model.BodyHtml, hit);
        if (html == _model.BodyHtml)
        {
            Snackbar.Add("该处无法自动替换（跨越了格式），请在正文中手动修改。", Severity.Warning);
            return;
        }
        _model.BodyHtml = html;
        await JS.InvokeVoidAsync("governance.setEditorHtml", _editorId, html);
        _precheck = await Service.PreCheckAsync(_model);
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            if (await SaveDraftAsync() is not { } saved) return;
            Snackbar.Add("草稿已保存。", Severity.Success);
            Navigation.NavigateTo($"/content/{saved.Id}");
        }
        finally { _busy = false; }
    }

    /// <summary>
    /// 保存并提交审核: saves the draft, then fires 提交审核 on the version just saved. The server runs 机器预审 as the guard of
    /// 提交; when it (or anything else) refuses, its reason stays on this page with the draft saved, ready to be fixed.
    /// </summary>
    private async Task SaveAndSubmitAsync()
    {
        _busy = true;
        _submitRefusal = null;
        try
        {
            if (await SaveDraftAsync() is not { } saved) return;
            var r = await Runtime.FireAsync(saved.Id, saved.Version, ContentReviewWorkflow.T.Submit, _actor!, FireInput.Empty);
            if (r.Succeeded)
            {
                Snackbar.Add("已保存并提交审核。", Severity.Success);
                Navigation.NavigateTo($"/content/{saved.Id}");
                return;
            }
            _submitRefusal = r.Message;
            _precheck = await Service.PreCheckStoredAsync(saved.Id, _actor!) ?? _precheck;
            // A new draft now exists: keep editing it (its own address), not a second new one.
            if (Id is null) Navigation.NavigateTo($"/content/{saved.Id}/edit", replace: true);
        }
        finally { _busy = false; }
    }

    /// <summary>Creates or updates the draft; its id and current version, or null when the form or the server refused.</summary>
    private async Task<(long Id, int Version)?> SaveDraftAsync()
    {
        await SyncBodyAsync();
        await _form!.ValidateAsync();
        _errors = ContentValidator.Validate(_model);
        if (!_form.IsValid || _errors.Count > 0) { Snackbar.Add("请更正表单中标红的内容。", Severity.Warning); return null; }
        if (Id is { } id)
        {
            var r = await Service.UpdateAsync(id, _version, _actor!, _model);
            if (!r.Succeeded) { _errors = r.FieldErrors; Snackbar.Add(r.Message, Severity.Error); return null; }
            _version = r.NewVersion!.Value;
            return (id, _version);
        }
        var created = await Service.CreateAsync(_actor!, _model);
        if (!created.Succeeded) { _errors = created.Errors; Snackbar.Add(created.Message, Severity.Error); return null; }
        var instance = await Runtime.FindVisibleAsync(created.InstanceId!.Value, _actor!);
        _version = instance!.Version;
        return (instance.Id, _version);
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_editorReady) await JS.InvokeVoidAsync("governance.disposeEditor", _editorId); } catch (JSDisconnectedException) { }
        _self?.Dispose();
    }
}
