using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> b)
    {
        b.HasKey(x => x.InstanceId);
        b.Property(x => x.InstanceId).ValueGeneratedNever();
        b.HasOne<WorkflowInstance>().WithOne().HasForeignKey<Finding>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.SourceRef).HasMaxLength(100);
        b.Property(x => x.Source).HasMaxLength(20);
        b.Property(x => x.Category).HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Url).HasMaxLength(500);
        b.Property(x => x.Report).HasMaxLength(10000);
        b.Property(x => x.ReportUrl).HasMaxLength(500);
        b.HasOne(x => x.Column).WithMany().HasForeignKey(x => x.ColumnId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Restrict);
        // One finding per lapse of a column (the sweep), even under concurrent sweeps.
        b.HasIndex(x => x.SourceRef).IsUnique();
        // Repeats: the previous finding of a column and category; the campaign's circular; statistics by period.
        b.HasIndex(x => new { x.ColumnId, x.Category, x.FoundAtUtc });
        b.HasIndex(x => x.CampaignId);
        b.HasIndex(x => x.FoundAtUtc);
        // The day figures of findings closed on a day (and the trend's raw path).
        b.HasIndex(x => x.ClosedAtUtc);
    }
}
