using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Governance.Workflows.Definitions.ColumnRequests;

/// <summary>W1 专题专栏开设申请 as a module: its definition, pages (Features/ColumnRequests), attachments and API.</summary>
public sealed class ColumnRequestsModule : WorkflowModule
{
    /// <summary>方案: the plan of the column, a request's main attachment.</summary>
    public const string Plan = "plan";

    public override string Name => "ColumnRequests";
    /// <summary>Every version: requests keep the one they started on (v1 before change requests said what changes).</summary>
    public override IReadOnlyList<WorkflowDefinition> Definitions { get; } = [ColumnRequestWorkflow.DefinitionV1, ColumnRequestWorkflow.Definition];
    public override NavEntry Navigation { get; } = new("专题专栏开设申请", "ViewQuilt", "/column-requests", Order: 10);
    public override string ApiSegment => "column-requests";
    public override IReadOnlyList<AttachmentPurpose> AttachmentPurposes { get; } = [new(Plan, "方案"), AttachmentPurpose.Other];

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ColumnRequestService>();
        // 到期提醒: a step of the register's daily sweep.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Registers.IColumnSweepStep, SpecialColumnExpiry>());
    }

    public override async Task<object?> ReadForApiAsync(IServiceProvider services, ItemView item, Actor actor, CancellationToken ct)
    {
        var detail = await services.GetRequiredService<ColumnRequestService>().GetAsync(item.Instance.Id, actor, ct);
        if (detail is null) return null;
        var r = detail.Request;
        return new
        {
            unit = detail.UnitName, columnName = r.ColumnName, purpose = r.Purpose, startDate = r.StartDate, endDate = r.EndDate,
            responsiblePerson = r.ResponsiblePerson, staffA = r.StaffA, staffB = r.StaffB, updateCadence = r.UpdateCadence,
            setupUrl = r.SetupUrl,
        };
    }
}
