using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        b.Property(x => x.NotifyRoles).HasMaxLength(200);
        b.HasOne(x => x.Deadline).WithMany(x => x.Reminders).HasForeignKey(x => x.DeadlineId).OnDelete(DeleteBehavior.Cascade);
        // Exactly once in effect: one row per deadline and level.
        b.HasIndex(x => new { x.DeadlineId, x.Level }).IsUnique();
        // The sweep: pending reminders by fire time.
        b.HasIndex(x => new { x.Status, x.FireAtUtc });
    }
}
