using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingClosedMonthFigureConfiguration : IEntityTypeConfiguration<FindingClosedMonthFigure>
{
    public void Configure(EntityTypeBuilder<FindingClosedMonthFigure> b)
    {
        b.HasKey(x => new { x.Month, x.UnitId });
    }
}
