using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

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
        b.HasOne(x => x.HandlingUnit).WithMany().HasForeignKey(x => x.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Number).IsUnique();
        // Lists of what a unit handles (visibility: owner, handling unit, participants).
        b.HasIndex(x => new { x.HandlingUnitId, x.DefinitionKey });
        // The inbox: what waits for a role in a unit.
        b.HasIndex(x => new { x.WaitingForRole, x.WaitingForUnitId });
        b.HasIndex(x => new { x.DefinitionKey, x.State });
        b.HasIndex(x => new { x.DefinitionKey, x.OwnerUnitId, x.CreatedAtUtc });
        // Lists sorted by deadline, overdue figures: what is due, by workflow (rows without a deadline in id order).
        b.HasIndex(x => new { x.DefinitionKey, x.DueAtUtc });
    }
}
