using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class MessageDayFigureConfiguration : IEntityTypeConfiguration<MessageDayFigure>
{
    public void Configure(EntityTypeBuilder<MessageDayFigure> b)
    {
        // A range of days is one key range; a unit's rows are few enough per day to filter.
        b.HasKey(x => new { x.Day, x.UnitId });
    }
}
