using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class UpdateBatchConfiguration : IEntityTypeConfiguration<UpdateBatch>
{
    public void Configure(EntityTypeBuilder<UpdateBatch> builder)
    {
        builder.ToTable("update_batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(b => b.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(b => b.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(200);
        builder.Property(b => b.CreatedAt).HasColumnName("created_at");
        builder.Property(b => b.ItemsJson).HasColumnName("items").IsJson();
        builder.Ignore(b => b.Items);

        // A repeated Idempotency-Key finds the first batch; a concurrent repeat loses on this index.
        builder.HasIndex(b => new { b.UserId, b.IdempotencyKey }).IsUnique().HasDatabaseName("ux_update_batches_user_key");
        builder.HasIndex(b => new { b.UserId, b.CreatedAt });
    }
}
