using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> b)
    {
        b.ToTable("MailOutbox");
        b.Property(x => x.ToAddress).HasMaxLength(256);
        b.Property(x => x.ClaimToken).HasMaxLength(40);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasOne(x => x.Notification).WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.NotificationId).IsUnique();
        // The mail job's query: pending rows due now, oldest first.
        b.HasIndex(x => new { x.Status, x.NextAttemptAtUtc });
    }
}
