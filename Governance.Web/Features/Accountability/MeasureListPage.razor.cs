using Governance.Web.Features.Shared;
using Governance.Workflows.Definitions.Accountability;
using Governance.Workflows.Engine;
using Microsoft.AspNetCore.Components;

namespace Governance.Web.Features.Accountability;

/// <summary>问责措施 list: a unit sees the measures taken against it, county roles all; live refresh.</summary>
public sealed partial class MeasureListPage : LiveListPage<MeasureRow>
{
    [Inject] private MeasureService Service { get; set; } = default!;

    protected override Task<IReadOnlyList<MeasureRow>> LoadAsync(Actor actor) => Service.ListAsync(actor);
}
