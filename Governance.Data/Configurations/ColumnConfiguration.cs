using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ColumnConfiguration : IEntityTypeConfiguration<Column>
{
    public void Configure(EntityTypeBuilder<Column> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Path).HasMaxLength(400);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Url).HasMaxLength(500);
        b.Property(x => x.LastUpdateUrl).HasMaxLength(500);
        b.Property(x => x.ResponsiblePerson).HasMaxLength(50);
        b.Property(x => x.StaffA).HasMaxLength(50);
        b.Property(x => x.StaffB).HasMaxLength(50);
        b.Property(x => x.StaffAUserId).HasMaxLength(450);
        b.Property(x => x.StaffBUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UnitId, x.Name });
        b.HasIndex(x => x.Path);
        // The daily sweep reads the watched columns by status.
        b.HasIndex(x => new { x.IsActive, x.Status });
    }
}
