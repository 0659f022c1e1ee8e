using Market.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class NotificationSubscriptionConfiguration : IEntityTypeConfiguration<NotificationSubscription>
{
    public void Configure(EntityTypeBuilder<NotificationSubscription> builder)
    {
        builder.ToTable("notification_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(128);
        builder.Property(s => s.Url).HasColumnName("url").HasMaxLength(2048);
        builder.Property(s => s.Events).HasColumnName("events").HasMaxLength(256);
        builder.Property(s => s.SecretCiphertext).HasColumnName("secret_ciphertext");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Ignore(s => s.EventList);
        builder.HasIndex(s => s.UserId);
    }
}
