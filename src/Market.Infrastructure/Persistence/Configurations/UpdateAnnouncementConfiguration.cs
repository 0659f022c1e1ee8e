using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class UpdateAnnouncementConfiguration : IEntityTypeConfiguration<UpdateAnnouncement>
{
    public void Configure(EntityTypeBuilder<UpdateAnnouncement> builder)
    {
        builder.ToTable("update_announcements");

        // The key is the "once": a second announcement of the same version (another replica, the next scan) cannot commit.
        builder.HasKey(a => new { a.UserId, a.AppName, a.Version });
        builder.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(a => a.AppName).HasColumnName("app_name").HasMaxLength(128);
        builder.Property(a => a.Version).HasColumnName("version").HasMaxLength(UpdatePreference.MaxVersionLength);
        builder.Property(a => a.AnnouncedAt).HasColumnName("announced_at");
    }
}
