using Governance.Data.Entities;
using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Duties;

/// <summary>One duty on the shared detail shell: its period and what completing it takes; the checklist is the action's dialog.</summary>
public sealed partial class DutyDetailPage
{
    [Inject] private DutyService Service { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private DutyTask? _task;

    private async Task LoadAsync(ItemView view) => _task = await Service.TaskAsync(view.Instance.Id);
}
