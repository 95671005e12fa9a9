using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class AccountabilityMeasureConfiguration : IEntityTypeConfiguration<AccountabilityMeasure>
{
    public void Configure(EntityTypeBuilder<AccountabilityMeasure> b)
    {
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).ValueGeneratedNever();
        b.HasOne<WorkflowInstance>().WithOne().HasForeignKey<AccountabilityMeasure>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(4000);
        b.Property(x => x.ReplyText).HasMaxLength(10000);
        // A unit's page and the dashboard read a unit's measures by date.
        b.HasIndex(x => new { x.UnitId, x.MeasureDate });
    }
}
