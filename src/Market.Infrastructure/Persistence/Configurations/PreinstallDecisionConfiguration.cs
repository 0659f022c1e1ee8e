using Market.Domain.Preinstall;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class PreinstallDecisionConfiguration : IEntityTypeConfiguration<PreinstallDecision>
{
    public void Configure(EntityTypeBuilder<PreinstallDecision> builder)
    {
        builder.ToTable("preinstall_decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.Declaration).HasColumnName("declaration").HasMaxLength(128);
        builder.Property(d => d.AppName).HasColumnName("app_name").HasMaxLength(100);
        builder.Property(d => d.Account).HasColumnName("account").HasMaxLength(64);
        builder.Property(d => d.Outcome).HasColumnName("outcome").HasMaxLength(16);
        builder.Property(d => d.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.Property(d => d.TaskId).HasColumnName("task_id").HasMaxLength(64);
        builder.Property(d => d.Attempts).HasColumnName("attempts");
        builder.Property(d => d.UpdatedAt).HasColumnName("updated_at");

        // The claim: one decision per file, app and account, whichever replica makes it.
        builder.HasIndex(d => new { d.Declaration, d.AppName, d.Account }).IsUnique();
    }
}
