using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class MarketSourceConfiguration : IEntityTypeConfiguration<MarketSource>
{
    public void Configure(EntityTypeBuilder<MarketSource> builder)
    {
        builder.ToTable("market_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(50);
        builder.Property(s => s.Name).HasColumnName("name").HasMaxLength(100).IsRequired();
        builder.Property(s => s.Type).HasColumnName("type").HasMaxLength(16).IsRequired();
        builder.Property(s => s.BaseUrl).HasColumnName("base_url").IsRequired();
        builder.Property(s => s.Description).HasColumnName("description").IsRequired();
        builder.Property(s => s.Priority).HasColumnName("priority");
        builder.Property(s => s.IsActive).HasColumnName("is_active");
        builder.Property(s => s.IsBuiltIn).HasColumnName("is_built_in");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        builder.Property(s => s.DisplayName).HasColumnName("display_name").HasMaxLength(100).HasDefaultValue(string.Empty);
        builder.Property(s => s.ShortLabel).HasColumnName("short_label").HasMaxLength(50).HasDefaultValue(string.Empty);
        builder.Property(s => s.Icon).HasColumnName("icon").HasMaxLength(2000).HasDefaultValue(string.Empty);
        builder.Ignore(s => s.IsOfficial);
        builder.Ignore(s => s.Labels);
        builder.Ignore(s => s.IsRemote);
        builder.Ignore(s => s.IsLocal);
        builder.ToTable(t => t.HasCheckConstraint("ck_market_sources_type", "type in ('local','remote')"));
    }
}
