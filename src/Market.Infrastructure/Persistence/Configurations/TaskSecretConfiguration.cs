using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class TaskSecretConfiguration : IEntityTypeConfiguration<TaskSecret>
{
    public void Configure(EntityTypeBuilder<TaskSecret> builder)
    {
        builder.ToTable("task_secrets");
        builder.HasKey(s => s.TaskId);
        builder.Property(s => s.TaskId).HasColumnName("task_id").HasMaxLength(64);
        builder.Property(s => s.Ciphertext).HasColumnName("ciphertext");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");

        // A task deleted by retention takes its sealed values with it.
        builder.HasOne<AppTask>().WithOne().HasForeignKey<TaskSecret>(s => s.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
