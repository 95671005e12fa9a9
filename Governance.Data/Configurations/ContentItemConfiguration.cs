using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> b)
    {
        b.HasKey(x => x.InstanceId);
        b.HasOne(x => x.Instance).WithOne().HasForeignKey<ContentItem>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Column).WithMany().HasForeignKey(x => x.ColumnId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Origin).HasMaxLength(10);
        b.Property(x => x.SourceOrg).HasMaxLength(100);
        b.Property(x => x.MapApprovalNo).HasMaxLength(60);
        b.Property(x => x.InterpretationRef).HasMaxLength(500);
        b.Property(x => x.PiiOverrideHash).HasMaxLength(64);
    }
}
