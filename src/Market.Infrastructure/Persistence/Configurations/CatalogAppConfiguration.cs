using Market.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class CatalogAppConfiguration : IEntityTypeConfiguration<CatalogApp>
{
    public void Configure(EntityTypeBuilder<CatalogApp> builder)
    {
        builder.ToTable("catalog_apps");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id");
        builder.Property(a => a.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(a => a.Owner).HasColumnName("owner").HasMaxLength(64);
        builder.Property(a => a.AppId).HasColumnName("app_id").HasMaxLength(100);
        builder.Property(a => a.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(a => a.Version).HasColumnName("version").HasMaxLength(100);
        builder.Property(a => a.Type).HasColumnName("type").HasMaxLength(32);
        builder.Property(a => a.LabelsJson).HasColumnName("labels").IsJson();
        builder.Property(a => a.EntryJson).HasColumnName("entry").IsJson();
        builder.Property(a => a.SummaryHash).HasColumnName("summary_hash").HasMaxLength(128);
        builder.Property(a => a.PriceJson).HasColumnName("price").IsJson();
        builder.Property(a => a.IsDelisted).HasColumnName("is_delisted");
        builder.Property(a => a.UpdatedAt).HasColumnName("updated_at");
        builder.HasIndex(a => new { a.SourceId, a.Owner, a.AppId }).IsUnique();
        builder.HasIndex(a => new { a.SourceId, a.Name });
        builder.HasOne<Market.Domain.Sources.MarketSource>().WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
