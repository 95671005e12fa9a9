using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class MeasureLinkConfiguration : IEntityTypeConfiguration<MeasureLink>
{
    public void Configure(EntityTypeBuilder<MeasureLink> b)
    {
        b.HasOne<AccountabilityMeasure>().WithMany().HasForeignKey(x => x.MeasureInstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.LinkedInstanceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.MeasureInstanceId, x.LinkedInstanceId }).IsUnique();
        b.HasIndex(x => x.LinkedInstanceId);
    }
}
