using Market.Domain.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class HistoryRecordConfiguration : IEntityTypeConfiguration<HistoryRecord>
{
    public void Configure(EntityTypeBuilder<HistoryRecord> builder)
    {
        builder.ToTable("history_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Type).HasColumnName("type").HasMaxLength(100).IsRequired();
        builder.Property(r => r.Message).HasColumnName("message").IsRequired();
        builder.Property(r => r.Time).HasColumnName("time");
        builder.Property(r => r.App).HasColumnName("app").HasMaxLength(255).IsRequired();
        builder.Property(r => r.Account).HasColumnName("account").HasMaxLength(255).IsRequired();
        builder.Property(r => r.Extended).HasColumnName("extended");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.HasIndex(r => new { r.Account, r.Time });
        builder.HasIndex(r => r.Type);
        builder.HasIndex(r => r.App);
    }
}
