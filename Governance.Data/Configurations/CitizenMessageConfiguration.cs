using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class CitizenMessageConfiguration : IEntityTypeConfiguration<CitizenMessage>
{
    public void Configure(EntityTypeBuilder<CitizenMessage> b)
    {
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).ValueGeneratedNever();
        b.HasOne<WorkflowInstance>().WithOne().HasForeignKey<CitizenMessage>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.SourceRef).HasMaxLength(100);
        b.Property(x => x.Channel).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Content).HasMaxLength(20000);
        b.Property(x => x.Category).HasMaxLength(10);
        b.Property(x => x.CitizenName).HasMaxLength(50);
        b.Property(x => x.CitizenPhone).HasMaxLength(30);
        b.Property(x => x.CitizenEmail).HasMaxLength(100);
        b.Property(x => x.ReplyText).HasMaxLength(20000);
        // 第12条: the same sender id is the same message, even under concurrent posts.
        b.HasIndex(x => x.SourceRef).IsUnique();
        // Statistics by period; the published feed by reply time.
        b.HasIndex(x => x.ReceivedAtUtc);
        b.HasIndex(x => new { x.RepliedAtUtc, x.InstanceId });
        // The dashboard's replies by unit, counted from the index alone (docs/PERFORMANCE.md).
        b.HasIndex(x => new { x.RepliedByUnitId, x.RepliedOnTime });
    }
}
