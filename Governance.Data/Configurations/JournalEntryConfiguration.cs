using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> b)
    {
        b.Property(x => x.Trigger).HasMaxLength(40);
        b.Property(x => x.FromState).HasMaxLength(40);
        b.Property(x => x.ToState).HasMaxLength(40);
        b.Property(x => x.ActorRole).HasMaxLength(40);
        b.HasIndex(x => new { x.InstanceId, x.Seq }).IsUnique();
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
