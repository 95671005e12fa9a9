using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class DutyTaskConfiguration : IEntityTypeConfiguration<DutyTask>
{
    public void Configure(EntityTypeBuilder<DutyTask> b)
    {
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).ValueGeneratedNever();
        b.HasOne<WorkflowInstance>().WithOne().HasForeignKey<DutyTask>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.PeriodKey).HasMaxLength(40);
        b.Property(x => x.PeriodLabel).HasMaxLength(40);
        // One task per duty and period, even under concurrent schedulers.
        b.HasIndex(x => x.PeriodKey).IsUnique();
    }
}
