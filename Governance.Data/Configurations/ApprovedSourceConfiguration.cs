using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ApprovedSourceConfiguration : IEntityTypeConfiguration<ApprovedSource>
{
    public void Configure(EntityTypeBuilder<ApprovedSource> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
