using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class ReplyMonthFigureConfiguration : IEntityTypeConfiguration<ReplyMonthFigure>
{
    public void Configure(EntityTypeBuilder<ReplyMonthFigure> b)
    {
        b.HasKey(x => new { x.Month, x.UnitId });
    }
}
