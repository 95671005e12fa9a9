using Governance.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Governance.Data.Configurations;

internal sealed class FigureWatermarkConfiguration : IEntityTypeConfiguration<FigureWatermark>
{
    public void Configure(EntityTypeBuilder<FigureWatermark> b)
    {
        b.HasKey(x => x.Family);
        b.Property(x => x.Family).HasMaxLength(40);
    }
}
