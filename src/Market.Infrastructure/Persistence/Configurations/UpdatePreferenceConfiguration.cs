using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class UpdatePreferenceConfiguration : IEntityTypeConfiguration<UpdatePreference>
{
    public void Configure(EntityTypeBuilder<UpdatePreference> builder)
    {
        builder.ToTable("update_preferences");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(p => p.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(p => p.AppName).HasColumnName("app_name").HasMaxLength(128);
        builder.Property(p => p.Held).HasColumnName("held");
        builder.Property(p => p.SkippedVersion).HasColumnName("skipped_version").HasMaxLength(UpdatePreference.MaxVersionLength);
        builder.Property(p => p.UpdatedAt).HasColumnName("updated_at");
        builder.HasIndex(p => new { p.UserId, p.AppName }).IsUnique().HasDatabaseName("ux_update_preferences_user_app");
    }
}
