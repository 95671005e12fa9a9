using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class InspectionCampaignConfiguration : IEntityTypeConfiguration<InspectionCampaign>
{
    public void Configure(EntityTypeBuilder<InspectionCampaign> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.Year, x.Quarter, x.Kind });
    }
}
