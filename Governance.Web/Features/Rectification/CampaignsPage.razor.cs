using System.Globalization;
using Governance.Web.Features.Shared;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Governance.Web.Features.Rectification;

/// <summary>
/// 检查批次与通报 (第20条(一)): every campaign with its figures and its circular. An AccountabilityOfficer or a Monitor
/// generates a campaign's circular with one click — the number is given (once) and the .docx downloads; afterwards anyone
/// of the county roles downloads it again under the same number.
/// </summary>
public sealed partial class CampaignsPage
{
    [Inject] private CircularService Circulars { get; set; } = default!;
    [Inject] private CurrentActor CurrentActor { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<CampaignCircularRow>? _rows;
    private Actor? _actor;
    private bool _canIssue, _busy;

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        _canIssue = CircularService.CanIssue(_actor);
        _rows = await Circulars.CampaignsAsync(_actor);
    }

    private static string FindingsOf(CampaignCircularRow r) => string.Create(CultureInfo.InvariantCulture, $"/findings?campaign={r.CampaignId}");

    private static string PeriodText(CampaignCircularRow r) => r.Quarter is { } q
        ? string.Create(CultureInfo.InvariantCulture, $"{r.Year}年第{q}季度")
        : string.Create(CultureInfo.InvariantCulture, $"{r.Year}年");

    /// <summary>Numbers the circular (once) and starts its download.</summary>
    private async Task GenerateAsync(CampaignCircularRow row)
    {
        _busy = true;
        try
        {
            var (circular, error) = await Circulars.IssueAsync(_actor!, row.CampaignId);
            if (circular is null)
            {
                Snackbar.Add(error ?? "无法生成通报。", Severity.Error);
                return;
            }
            _rows = await Circulars.CampaignsAsync(_actor!);
            Snackbar.Add($"已生成通报 {circular.Number}。", Severity.Success);
            Navigation.NavigateTo(CircularEndpoints.Url(row.CampaignId), forceLoad: true);
        }
        finally
        {
            _busy = false;
        }
    }
}
