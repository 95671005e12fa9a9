using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class InstanceParticipantConfiguration : IEntityTypeConfiguration<InstanceParticipant>
{
    public void Configure(EntityTypeBuilder<InstanceParticipant> b)
    {
        b.HasIndex(x => new { x.InstanceId, x.UnitId }).IsUnique();
        b.HasIndex(x => x.UnitId);
        b.Property(x => x.WaitingForRole).HasMaxLength(40);
        // The 工作台: what waits for a role in a participant unit.
        b.HasIndex(x => new { x.UnitId, x.WaitingForRole });
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
