using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class MessageMonthFigureConfiguration : IEntityTypeConfiguration<MessageMonthFigure>
{
    public void Configure(EntityTypeBuilder<MessageMonthFigure> b)
    {
        b.HasKey(x => new { x.Month, x.UnitId });
    }
}
