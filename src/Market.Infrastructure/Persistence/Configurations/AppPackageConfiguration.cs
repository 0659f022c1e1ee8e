using Market.Domain.Packages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class AppPackageConfiguration : IEntityTypeConfiguration<AppPackage>
{
    public void Configure(EntityTypeBuilder<AppPackage> builder)
    {
        builder.ToTable("app_packages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id");
        builder.Property(p => p.Owner).HasColumnName("owner").HasMaxLength(64);
        builder.Property(p => p.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(p => p.Name).HasColumnName("name").HasMaxLength(100);
        builder.Property(p => p.Version).HasColumnName("version").HasMaxLength(100);
        builder.Property(p => p.AppId).HasColumnName("app_id").HasMaxLength(100);
        builder.Property(p => p.Sha256).HasColumnName("sha256").HasMaxLength(64);
        builder.Property(p => p.Size).HasColumnName("size");
        builder.Property(p => p.StorageKey).HasColumnName("storage_key").HasMaxLength(400);
        builder.Property(p => p.ManifestJson).HasColumnName("manifest").IsJson();
        builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        builder.HasIndex(p => new { p.SourceId, p.Owner, p.Name, p.Version }).IsUnique();
    }
}
