using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ColumnUpdateConfiguration : IEntityTypeConfiguration<ColumnUpdate>
{
    public void Configure(EntityTypeBuilder<ColumnUpdate> b)
    {
        b.Property(x => x.Url).HasMaxLength(500);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Source).HasMaxLength(20);
        b.Property(x => x.RecordedByUserId).HasMaxLength(450);
        b.HasOne(x => x.Column).WithMany().HasForeignKey(x => x.ColumnId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ColumnId, x.UpdatedAtUtc });
    }
}
