using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingUnitTotalConfiguration : IEntityTypeConfiguration<FindingUnitTotal>
{
    public void Configure(EntityTypeBuilder<FindingUnitTotal> b)
    {
        b.HasKey(x => x.UnitId);
        b.Property(x => x.UnitId).ValueGeneratedNever();
    }
}
