using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class CircularConfiguration : IEntityTypeConfiguration<Circular>
{
    public void Configure(EntityTypeBuilder<Circular> b)
    {
        b.Property(x => x.Number).HasMaxLength(50);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.GeneratedByUserId).HasMaxLength(450);
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        // One circular per campaign; numbers unique within a year.
        b.HasIndex(x => x.CampaignId).IsUnique();
        b.HasIndex(x => new { x.Year, x.Seq }).IsUnique();
    }
}
