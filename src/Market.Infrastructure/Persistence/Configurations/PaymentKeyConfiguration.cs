using Market.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class PaymentKeyConfiguration : IEntityTypeConfiguration<PaymentKey>
{
    public void Configure(EntityTypeBuilder<PaymentKey> builder)
    {
        builder.ToTable("payment_keys");
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasColumnName("name").HasMaxLength(50);
        builder.Property(k => k.Value).HasColumnName("value").HasMaxLength(200);
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
    }
}
