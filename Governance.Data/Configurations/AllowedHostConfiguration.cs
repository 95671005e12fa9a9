using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class AllowedHostConfiguration : IEntityTypeConfiguration<AllowedHost>
{
    public void Configure(EntityTypeBuilder<AllowedHost> b)
    {
        b.Property(x => x.Host).HasMaxLength(253);
        b.HasIndex(x => x.Host).IsUnique();
    }
}
