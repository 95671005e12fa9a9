using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> b)
    {
        b.Property(x => x.State).HasMaxLength(40);
        b.Property(x => x.ResponsibleRole).HasMaxLength(40);
        b.HasOne(x => x.Instance).WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.InstanceId, x.StateEntrySeq }).IsUnique();
        // Overdue lists: open deadlines by due time.
        b.HasIndex(x => new { x.ClosedAtUtc, x.DueAtUtc });
    }
}
