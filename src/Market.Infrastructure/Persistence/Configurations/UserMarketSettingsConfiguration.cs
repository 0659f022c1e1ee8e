using Market.Domain.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class UserMarketSettingsConfiguration : IEntityTypeConfiguration<UserMarketSettings>
{
    public void Configure(EntityTypeBuilder<UserMarketSettings> builder)
    {
        builder.ToTable("user_settings");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(s => s.SelectedSource).HasColumnName("selected_source").HasMaxLength(50);
        builder.Property(s => s.Nsfw).HasColumnName("nsfw");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
