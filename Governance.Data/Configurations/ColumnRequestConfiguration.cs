using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ColumnRequestConfiguration : IEntityTypeConfiguration<ColumnRequest>
{
    public void Configure(EntityTypeBuilder<ColumnRequest> b)
    {
        b.HasKey(x => x.InstanceId);
        b.HasOne(x => x.Instance).WithOne().HasForeignKey<ColumnRequest>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ColumnName).HasMaxLength(100);
        b.Property(x => x.Purpose).HasMaxLength(2000);
        b.Property(x => x.SetupUrl).HasMaxLength(500);
    }
}
