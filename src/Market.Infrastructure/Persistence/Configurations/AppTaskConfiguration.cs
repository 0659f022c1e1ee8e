using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Market.Infrastructure.Persistence.Configurations;

internal sealed class AppTaskConfiguration : IEntityTypeConfiguration<AppTask>
{
    public void Configure(EntityTypeBuilder<AppTask> builder)
    {
        builder.ToTable("app_tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(t => t.UserId).HasColumnName("user_id").HasMaxLength(64);
        builder.Property(t => t.Type).HasColumnName("type").HasMaxLength(20).HasConversion(WireConverters.OpType);
        builder.Property(t => t.AppName).HasColumnName("app_name").HasMaxLength(100);
        builder.Property(t => t.RawAppName).HasColumnName("raw_app_name").HasMaxLength(100);
        builder.Property(t => t.SourceId).HasColumnName("source_id").HasMaxLength(50);
        builder.Property(t => t.Version).HasColumnName("version").HasMaxLength(100);
        builder.Property(t => t.Status).HasColumnName("status").HasMaxLength(20).HasConversion(WireConverters.TaskStatus);
        builder.Property(t => t.OperationId).HasColumnName("operation_id").HasMaxLength(200);
        builder.Property(t => t.PriorState).HasColumnName("prior_state").HasMaxLength(40).HasConversion(WireConverters.AppState);
        builder.Property(t => t.CancelsTaskId).HasColumnName("cancels_task_id").HasMaxLength(64);
        builder.Property(t => t.RequestJson).HasColumnName("request").IsJson();
        builder.Property(t => t.ResultJson).HasColumnName("result").IsJson();
        builder.Property(t => t.BackendResponseJson).HasColumnName("backend_response").IsJson();
        builder.Property(t => t.Error).HasColumnName("error");
        builder.Property(t => t.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(200);
        builder.Property(t => t.PreviousVersion).HasColumnName("previous_version").HasMaxLength(64);
        builder.Property(t => t.PreviousSourceId).HasColumnName("previous_source_id").HasMaxLength(50);
        builder.Property(t => t.RollsBackTaskId).HasColumnName("rolls_back_task_id").HasMaxLength(64);
        builder.Property(t => t.HealthDeadline).HasColumnName("health_deadline");
        builder.Property(t => t.ChartPackageId).HasColumnName("chart_package_id");
        builder.Property(t => t.ChartFileName).HasColumnName("chart_file_name").HasMaxLength(ChartReference.MaxFileNameLength);
        builder.Property(t => t.ChartSha256).HasColumnName("chart_sha256").HasMaxLength(64);
        builder.Property(t => t.SealedEnvs).HasColumnName("sealed_envs");
        // The rollback point of an upgrade (issue 19 §4): typed columns, the secret values sealed.
        builder.Property(t => t.RollbackChartPackageId).HasColumnName("rollback_chart_package_id");
        builder.Property(t => t.RollbackChartFileName).HasColumnName("rollback_chart_file_name").HasMaxLength(ChartReference.MaxFileNameLength);
        builder.Property(t => t.RollbackChartSha256).HasColumnName("rollback_chart_sha256").HasMaxLength(64);
        builder.Property(t => t.RollbackEnvsJson).HasColumnName("rollback_envs").IsJson();
        builder.Property(t => t.RollbackSealedEnvs).HasColumnName("rollback_sealed_envs");
        builder.Ignore(t => t.Chart);
        builder.Ignore(t => t.RollbackPoint);
        builder.Property(t => t.Attempts).HasColumnName("attempts");
        builder.Property(t => t.TraceParent).HasColumnName("trace_parent").HasMaxLength(AppTask.MaxTraceParentLength);
        // A host writes a task only while it still holds the lease: every update checks the owner it read.
        builder.Property(t => t.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200).IsConcurrencyToken();
        builder.Property(t => t.LeaseUntil).HasColumnName("lease_until");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.StartedAt).HasColumnName("started_at");
        builder.Property(t => t.FinishedAt).HasColumnName("finished_at");
        builder.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        builder.Property(t => t.Timeline).HasColumnName("timeline")
            .HasConversion(new TaskTimelineJsonConverter(), TaskTimelineJson.StepsComparer).IsJson();
        builder.Property(t => t.Failure).HasColumnName("failure").HasConversion(new TaskFailureJsonConverter()).IsJson();
        builder.HasIndex(t => new { t.Status, t.LeaseUntil });
        builder.HasIndex(t => new { t.UserId, t.AppName, t.Status });
        builder.HasIndex(t => new { t.UserId, t.IdempotencyKey }).IsUnique();

        // One active operation per user and app, enforced by the database (cancel runs beside the install it cancels).
        builder.HasIndex(t => new { t.UserId, t.AppName })
            .HasDatabaseName("ux_app_tasks_one_active_per_app")
            .IsUnique()
            .HasFilter("status IN ('pending', 'running') AND type <> 'cancel'");
    }
}
