using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingDayFigureConfiguration : IEntityTypeConfiguration<FindingDayFigure>
{
    public void Configure(EntityTypeBuilder<FindingDayFigure> b)
    {
        // A range of days is one key range; a unit's rows are few enough per day to filter.
        b.HasKey(x => new { x.Day, x.UnitId });
    }
}
