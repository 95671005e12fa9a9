using Governance.Workflows.Definitions.CitizenMessages;
using Governance.Workflows.Engine;
using Governance.Workflows.PreCheck;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// One message on the shared detail shell: the message and its source; the citizen's name and contacts as the service
/// gives them (masked for who may not see them, 第9条); the reply — an editor with the pre-check for the handling unit's
/// Editor while it is 办理中, read-only otherwise; extensions and whether the reply was on time. The actions (签收, 退回,
/// 提交答复审核 …) are the shell's action bar.
/// </summary>
public sealed partial class MessageDetailPage
{
    [Inject] private CitizenMessageService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private PreCheckEngine Engine { get; set; } = default!;
    [Inject] private PreCheckRulesProvider Rules { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private MessageFields? _fields;
    private string? _reply, _saveError;
    private bool _dirty, _busy;
    private PreCheckResult? _precheck;

    /// <summary>The editor is for who may edit the item (the handling unit's Editor) while the reply is being drafted.</summary>
    private static bool ShowEditor(ItemView view) => view.CanEdit && view.Instance.State == CitizenMessageWorkflow.S.Drafting;

    /// <summary>The message's fields, read once per refresh; what the user is typing is kept across refreshes.</summary>
    private async Task LoadAsync(ItemView view)
    {
        _fields = await Service.FieldsAsync(view, await CurrentActor.GetAsync());
        if (!_dirty) _reply = _fields?.Message.ReplyText;
    }

    private void OnReplyChanged(string? value)
    {
        _reply = value;
        _dirty = true;
    }

    private async Task PreCheckAsync() =>
        _precheck = Engine.Check(new PreCheckInput(null, _reply ?? ""), await Rules.GetAsync());

    /// <summary>One click replaces the hit with its suggestion (e.g. 138****5678) and checks again.</summary>
    private async Task ApplyAsync(PreCheckHit hit)
    {
        var text = _reply ?? "";
        if (hit.Suggestion is null) return;
        if (hit.Start >= 0 && hit.Start + hit.Length <= text.Length && text.Substring(hit.Start, hit.Length) == hit.Match)
            text = text.Remove(hit.Start, hit.Length).Insert(hit.Start, hit.Suggestion);
        else if (hit.Match.Length > 0 && text.Contains(hit.Match, StringComparison.Ordinal))
        {
            var at = text.IndexOf(hit.Match, StringComparison.Ordinal);
            text = text.Remove(at, hit.Match.Length).Insert(at, hit.Suggestion);
        }
        else
        {
            Snackbar.Add("该处无法自动替换，请在答复中手动修改。", Severity.Warning);
            return;
        }
        OnReplyChanged(text);
        await PreCheckAsync();
    }

    /// <summary>Saves the draft on the version shown; the server's reason (a newer version, no right) is shown as it says it.</summary>
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
                Snackbar.Add("答复已保存。", Severity.Success);
                if (_precheck is not null) await PreCheckAsync();
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
