using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class DictionaryEntryConfiguration : IEntityTypeConfiguration<DictionaryEntry>
{
    public void Configure(EntityTypeBuilder<DictionaryEntry> b)
    {
        b.Property(x => x.Term).HasMaxLength(100);
        b.Property(x => x.Correction).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.ExceptionContexts).HasMaxLength(2000);
        b.HasIndex(x => x.Term).IsUnique();
    }
}
