using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FigureDayConfiguration : IEntityTypeConfiguration<FigureDay>
{
    public void Configure(EntityTypeBuilder<FigureDay> b)
    {
        b.HasKey(x => new { x.Family, x.Day });
        b.Property(x => x.Family).HasMaxLength(40);
    }
}
