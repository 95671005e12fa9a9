using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FindingClosedDayFigureConfiguration : IEntityTypeConfiguration<FindingClosedDayFigure>
{
    public void Configure(EntityTypeBuilder<FindingClosedDayFigure> b)
    {
        // A range of days is one key range; a unit's rows are few enough per day to filter.
        b.HasKey(x => new { x.Day, x.UnitId });
    }
}
