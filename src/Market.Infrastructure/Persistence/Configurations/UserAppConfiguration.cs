using Market.Domain.Apps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class UserAppConfiguration : IEntityTypeConfiguration<UserApp>
{
    public void Configure(EntityTypeBuilder<UserApp> builder)
    {
        builder.ToTable("user_apps");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id");
        builder.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(a => a.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(a => a.AppName).HasColumnName("app_name").HasMaxLength(100);
        builder.Property(a => a.RawAppName).HasColumnName("raw_app_name").HasMaxLength(100);
        builder.Property(a => a.AppId).HasColumnName("app_id").HasMaxLength(100);
        builder.Property(a => a.Title).HasColumnName("title").HasMaxLength(200);
        builder.Property(a => a.Icon).HasColumnName("icon");
        builder.Property(a => a.InstalledVersion).HasColumnName("installed_version").HasMaxLength(100);
        builder.Property(a => a.State).HasColumnName("state").HasMaxLength(40);
        builder.Property(a => a.OpType).HasColumnName("op_type").HasMaxLength(20).HasConversion(WireConverters.OptionalOpType).IsRequired();
        builder.Property(a => a.Progress).HasColumnName("progress").HasMaxLength(20);
        builder.Property(a => a.Reason).HasColumnName("reason");
        builder.Property(a => a.Message).HasColumnName("message");
        builder.Property(a => a.Entrances).HasColumnName("entrance_statuses")
            .HasConversion(new EntrancesJsonConverter(), EntrancesJsonConverter.Comparer).IsJson();
        builder.Property(a => a.StateTime).HasColumnName("state_time");
        builder.Property(a => a.EventCreateTime).HasColumnName("event_create_time");
        builder.Property(a => a.UpdatedAt).HasColumnName("updated_at");
        builder.Property(a => a.RowVersion).HasColumnName("row_version").IsConcurrencyToken();
        builder.HasIndex(a => new { a.UserId, a.AppName }).IsUnique();
    }
}
