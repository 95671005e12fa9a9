using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ReplyUnitTotalConfiguration : IEntityTypeConfiguration<ReplyUnitTotal>
{
    public void Configure(EntityTypeBuilder<ReplyUnitTotal> b)
    {
        b.HasKey(x => x.UnitId);
        b.Property(x => x.UnitId).ValueGeneratedNever();
    }
}
