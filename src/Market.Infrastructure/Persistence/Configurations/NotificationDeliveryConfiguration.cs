using Market.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("notification_outbox");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(d => d.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(64);
        builder.Property(d => d.UserId).HasColumnName("user_id").HasMaxLength(128);
        builder.Property(d => d.Event).HasColumnName("event").HasMaxLength(64);
        builder.Property(d => d.Payload).HasColumnName("payload");
        builder.Property(d => d.State).HasColumnName("state").HasMaxLength(16);
        builder.Property(d => d.AttemptCount).HasColumnName("attempt_count").IsConcurrencyToken();
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");

        // The claim: an UPDATE that still finds the owner and attempt count it read, so two replicas never both win the
        // same row, nor does a replica that read the row before another one posted it (the owner is back to empty then,
        // the count is not).
        builder.Property(d => d.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200).IsConcurrencyToken();
        builder.Property(d => d.LeaseUntil).HasColumnName("lease_until");

        // The delivery service scans only what is still pending, oldest due first.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => d.UserId);

        builder.OwnsMany(d => d.Attempts, attempts =>
        {
            attempts.ToTable("notification_attempts");
            attempts.WithOwner().HasForeignKey(a => a.DeliveryId);
            attempts.HasKey(a => new { a.DeliveryId, a.Number });
            attempts.Property(a => a.DeliveryId).HasColumnName("delivery_id").HasMaxLength(64);
            attempts.Property(a => a.Number).HasColumnName("number").ValueGeneratedNever();
            attempts.Property(a => a.StatusCode).HasColumnName("status_code");
            attempts.Property(a => a.Error).HasColumnName("error").HasMaxLength(512);
            attempts.Property(a => a.Succeeded).HasColumnName("succeeded");
            attempts.Property(a => a.At).HasColumnName("at");
        });
        builder.Navigation(d => d.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
