using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.PrevHash).HasMaxLength(64);
    }
}
