using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingMonthFigureConfiguration : IEntityTypeConfiguration<FindingMonthFigure>
{
    public void Configure(EntityTypeBuilder<FindingMonthFigure> b)
    {
        b.HasKey(x => new { x.Month, x.UnitId });
    }
}
