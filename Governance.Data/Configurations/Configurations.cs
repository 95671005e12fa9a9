using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(50);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UnitId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> b)
    {
        b.Property(x => x.DefinitionKey).HasMaxLength(20);
        b.Property(x => x.State).HasMaxLength(40);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Number).HasMaxLength(30);
        b.Property(x => x.WaitingForRole).HasMaxLength(40);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.OwnerUnit).WithMany().HasForeignKey(x => x.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Number).IsUnique();
        // The inbox: what waits for a role in a unit.
        b.HasIndex(x => new { x.WaitingForRole, x.WaitingForUnitId });
        b.HasIndex(x => new { x.DefinitionKey, x.State });
        b.HasIndex(x => new { x.DefinitionKey, x.OwnerUnitId, x.CreatedAtUtc });
    }
}

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

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.DedupKey).HasMaxLength(200);
        b.HasIndex(x => x.DedupKey).IsUnique();
        b.HasIndex(x => new { x.UserId, x.ReadAtUtc, x.CreatedAtUtc });
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.HasKey(x => x.Date);
        b.Property(x => x.Name).HasMaxLength(50);
    }
}

internal sealed class CalendarYearConfiguration : IEntityTypeConfiguration<CalendarYear>
{
    public void Configure(EntityTypeBuilder<CalendarYear> b)
    {
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
        b.Property(x => x.Source).HasMaxLength(200);
    }
}

internal sealed class SettingConfiguration : IEntityTypeConfiguration<Setting>
{
    public void Configure(EntityTypeBuilder<Setting> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Value).HasMaxLength(2000);
    }
}

internal sealed class ColumnConfiguration : IEntityTypeConfiguration<Column>
{
    public void Configure(EntityTypeBuilder<Column> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Url).HasMaxLength(500);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UnitId, x.Name });
    }
}

internal sealed class ColumnRequestConfiguration : IEntityTypeConfiguration<ColumnRequest>
{
    public void Configure(EntityTypeBuilder<ColumnRequest> b)
    {
        b.HasKey(x => x.InstanceId);
        b.HasOne(x => x.Instance).WithOne().HasForeignKey<ColumnRequest>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ColumnName).HasMaxLength(100);
        b.Property(x => x.Purpose).HasMaxLength(2000);
        b.Property(x => x.SetupUrl).HasMaxLength(500);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Purpose).HasMaxLength(40);
        b.HasIndex(x => x.InstanceId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.PrevHash).HasMaxLength(64);
    }
}

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> b)
    {
        b.HasKey(x => x.InstanceId);
        b.HasOne(x => x.Instance).WithOne().HasForeignKey<ContentItem>(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Column).WithMany().HasForeignKey(x => x.ColumnId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Origin).HasMaxLength(10);
        b.Property(x => x.SourceOrg).HasMaxLength(100);
        b.Property(x => x.MapApprovalNo).HasMaxLength(60);
        b.Property(x => x.InterpretationRef).HasMaxLength(500);
        b.Property(x => x.PiiOverrideHash).HasMaxLength(64);
    }
}

internal sealed class ContentRevisionConfiguration : IEntityTypeConfiguration<ContentRevision>
{
    public void Configure(EntityTypeBuilder<ContentRevision> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.HasIndex(x => new { x.InstanceId, x.RevisionNo }).IsUnique();
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InstanceParticipantConfiguration : IEntityTypeConfiguration<InstanceParticipant>
{
    public void Configure(EntityTypeBuilder<InstanceParticipant> b)
    {
        b.HasIndex(x => new { x.InstanceId, x.UnitId }).IsUnique();
        b.HasIndex(x => x.UnitId);
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DictionaryEntryConfiguration : IEntityTypeConfiguration<DictionaryEntry>
{
    public void Configure(EntityTypeBuilder<DictionaryEntry> b)
    {
        b.Property(x => x.Term).HasMaxLength(100);
        b.Property(x => x.Correction).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(200);
        b.HasIndex(x => x.Term).IsUnique();
    }
}

internal sealed class AllowedHostConfiguration : IEntityTypeConfiguration<AllowedHost>
{
    public void Configure(EntityTypeBuilder<AllowedHost> b)
    {
        b.Property(x => x.Host).HasMaxLength(253);
        b.HasIndex(x => x.Host).IsUnique();
    }
}

internal sealed class ApprovedSourceConfiguration : IEntityTypeConfiguration<ApprovedSource>
{
    public void Configure(EntityTypeBuilder<ApprovedSource> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
