using Market.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class SourceSnapshotConfiguration : IEntityTypeConfiguration<SourceSnapshot>
{
    public void Configure(EntityTypeBuilder<SourceSnapshot> builder)
    {
        builder.ToTable("source_snapshots");
        builder.HasKey(s => s.SourceId);
        builder.Property(s => s.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(s => s.Hash).HasColumnName("hash").HasMaxLength(200);
        builder.Property(s => s.Version).HasColumnName("version").HasMaxLength(100);
        builder.Property(s => s.LastUpdated).HasColumnName("last_updated");
        builder.Property(s => s.OthersJson).HasColumnName("others").IsJson();
        builder.Property(s => s.LastSyncAt).HasColumnName("last_sync_at");
        builder.Property(s => s.LastSuccessAt).HasColumnName("last_success_at");
        builder.Property(s => s.LastError).HasColumnName("last_error");
        builder.Property(s => s.LastErrorKind).HasColumnName("last_error_kind").HasMaxLength(16);
        builder.Property(s => s.LastFullFetchAt).HasColumnName("last_full_fetch_at");
        builder.Property(s => s.HeldBackJson).HasColumnName("held_back").IsJson().HasDefaultValue("[]");
        builder.Property(s => s.DisplayName).HasColumnName("display_name").HasMaxLength(100).HasDefaultValue(string.Empty);
        builder.Property(s => s.ShortLabel).HasColumnName("short_label").HasMaxLength(50).HasDefaultValue(string.Empty);
        builder.Property(s => s.Icon).HasColumnName("icon").HasMaxLength(2000).HasDefaultValue(string.Empty);
        builder.Ignore(s => s.Labels);
        builder.Property(s => s.AppCount).HasColumnName("app_count");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        builder.HasOne<MarketSource>().WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
