using Market.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder)
    {
        builder.ToTable("purchases");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(p => p.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(p => p.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(p => p.AppId).HasColumnName("app_id").HasMaxLength(200);
        builder.Property(p => p.AppName).HasColumnName("app_name").HasMaxLength(100);
        builder.Property(p => p.ProductId).HasColumnName("product_id").HasMaxLength(200);
        builder.Property(p => p.DeveloperName).HasColumnName("developer_name").HasMaxLength(200);
        builder.Property(p => p.DeveloperDid).HasColumnName("developer_did").HasMaxLength(500);
        builder.Property(p => p.DeveloperRsaKey).HasColumnName("developer_rsa_key");
        builder.Property(p => p.PaymentNeed).HasColumnName("payment_need").HasMaxLength(40);
        builder.Property(p => p.DeveloperSync).HasColumnName("developer_sync").HasMaxLength(20);
        builder.Property(p => p.LarePassSync).HasColumnName("larepass_sync").HasMaxLength(20);
        builder.Property(p => p.SignatureStatus).HasColumnName("signature_status").HasMaxLength(40);
        builder.Property(p => p.PaymentStatus).HasColumnName("payment_status").HasMaxLength(40);
        builder.Property(p => p.Jws).HasColumnName("jws");
        builder.Property(p => p.SignBody).HasColumnName("sign_body");
        builder.Property(p => p.Vc).HasColumnName("vc");
        builder.Property(p => p.TxHash).HasColumnName("tx_hash").HasMaxLength(200);
        builder.Property(p => p.ForwardedHost).HasColumnName("forwarded_host").HasMaxLength(253);
        builder.Property(p => p.FrontendDataJson).HasColumnName("frontend_data").IsJson();
        builder.Property(p => p.Restoring).HasColumnName("restoring");
        builder.Property(p => p.PollAttemptsLeft).HasColumnName("poll_attempts_left");
        builder.Property(p => p.PollDueAt).HasColumnName("poll_due_at");
        builder.Property(p => p.PollLeaseOwner).HasColumnName("poll_lease_owner").HasMaxLength(200);
        builder.Property(p => p.PollLeaseUntil).HasColumnName("poll_lease_until");
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.Property(p => p.UpdatedAt).HasColumnName("updated_at");
        // Every transition bumps it: concurrent callbacks, pollers and replicas retry instead of overwriting each other.
        builder.Property(p => p.RowVersion).HasColumnName("row_version").IsConcurrencyToken();
        builder.Property(p => p.StuckAnnouncedAt).HasColumnName("stuck_announced_at");
        builder.HasIndex(p => new { p.UserId, p.AppId, p.ProductId }).IsUnique();
        builder.HasIndex(p => new { p.UserId, p.ProductId });
        builder.HasIndex(p => new { p.PollAttemptsLeft, p.PollDueAt });
    }
}
