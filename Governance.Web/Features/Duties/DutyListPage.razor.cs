using Governance.Web.Features.Shared;
using Governance.Workflows.Definitions.Duties;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Duties;

/// <summary>定期任务 list: the tasks the actor may see (the duty unit's own, county roles all), newest first; live refresh.</summary>
public sealed partial class DutyListPage : LiveListPage<DutyRow>
{
    [Inject] private DutyService Service { get; set; } = default!;

    protected override Task<IReadOnlyList<DutyRow>> LoadAsync(Actor actor) => Service.ListAsync(actor);
}
