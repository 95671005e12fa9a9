using System.Globalization;
using Governance.Workflows.Calendar;
using Governance.Workflows.Definitions.CitizenMessages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.CitizenMessages;

/// <summary>
/// 录入留言: a Monitor types in a letter or a phone call. The server checks it with the intake rules (the API's); its
/// Chinese messages appear next to their fields; on success the message's page opens (待分办).
/// </summary>
public sealed partial class NewMessagePage
{
    [Inject] private CitizenMessageService Service { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private readonly MessageIntake _form = new() { Category = "咨询" };
    private DateTime? _receivedDate;
    private TimeSpan? _receivedTime;
    private Dictionary<string, string> _errors = [];
    private string? _error;
    private bool _busy;

    private bool Has(string key) => _errors.ContainsKey(key);
    private string? Err(string key) => _errors.GetValueOrDefault(key);

    /// <summary>The date and time picked, as Beijing time with its offset (what the intake rules read); none → now.</summary>
    private string? ReceivedAt() => _receivedDate is { } d
        ? new DateTimeOffset(d.Date + (_receivedTime ?? TimeSpan.Zero), ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : null;

    private async Task SaveAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            _form.ReceivedAt = ReceivedAt();
            var sourceRef = _form.SourceRef;
            var (result, errors) = await Service.CreateManualAsync(await CurrentActor.GetAsync(), _form);
            if (result is null)
            {
                _form.SourceRef = sourceRef; // the service fills in a generated one; keep what the user typed
                _errors = errors;
                _error = errors.GetValueOrDefault("") ?? "请更正标红的内容：" + string.Join("；", errors.Values);
                return;
            }
            if (!result.Created)
            {
                _error = $"来源编号“{result.SourceRef}”的留言已存在，未重复录入。";
                _errors = new() { ["sourceRef"] = "该来源编号已录入" };
                return;
            }
            Snackbar.Add("留言已录入，等待分办。", Severity.Success);
            Navigation.NavigateTo($"/messages/{result.Id}");
        }
        finally
        {
            _busy = false;
        }
    }
}
