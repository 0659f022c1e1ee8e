using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Runtime.Models;
using Market.Domain.Tasks;
using Market.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Diagnostics;

/// <summary>Health of the database, the hot state and the task workers for <c>/runtime/state</c>.</summary>
internal sealed partial class RuntimeComponentProbe(
    MarketDbContext db,
    IHotStateStore hotState,
    ITaskQueue queue,
    IOptions<HotStateOptions> hotStateOptions,
    IOptions<TasksOptions> tasksOptions,
    TimeProvider clock,
    ILogger<RuntimeComponentProbe> logger) : IRuntimeComponentProbe
{
    /// <summary>A lease this far past its end means no worker took the task back: the workers are stuck or gone.</summary>
    private static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ProbedComponent>> ProbeAsync(CancellationToken cancellationToken)
    {
        var database = await ProbeDatabaseAsync(cancellationToken);
        var hot = await ProbeHotStateAsync(cancellationToken);
        var workers = database.Healthy ? await ProbeWorkersAsync(cancellationToken) : null;
        return workers is null ? [database, hot] : [database, hot, workers];
    }

    private async Task<ProbedComponent> ProbeDatabaseAsync(CancellationToken cancellationToken)
    {
        var provider = db.IsPostgres ? "postgres" : "sqlite";
        try
        {
            var sources = await db.MarketSources.CountAsync(cancellationToken);
            return new ProbedComponent("database", true, ComponentStates.Running, Metrics(("provider", provider), ("sources", sources)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(logger, "database", ex);
            return new ProbedComponent("database", false, ComponentStates.Error, Metrics(("provider", provider)), "Database unreachable");
        }
    }

    private async Task<ProbedComponent> ProbeHotStateAsync(CancellationToken cancellationToken)
    {
        var provider = hotStateOptions.Value.Provider;
        bool healthy;
        try
        {
            healthy = await hotState.PingAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(logger, "hot_state", ex);
            healthy = false;
        }

        return healthy
            ? new ProbedComponent("hot_state", true, ComponentStates.Running, Metrics(("provider", provider)))
            : new ProbedComponent("hot_state", false, ComponentStates.Error, Metrics(("provider", provider)), "Hot state unreachable");
    }

    private async Task<ProbedComponent> ProbeWorkersAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stalledBefore = now - StalledAfter;
        var active = await db.AppTasks.AsNoTracking()
            .Where(AppTask.Active)
            .Select(t => new { t.Status, t.LeaseOwner, t.LeaseUntil })
            .ToListAsync(cancellationToken);
        var stalled = active.Count(t => t.LeaseOwner != null && t.LeaseUntil < stalledBefore);
        var metrics = Metrics(
            ("pending_tasks", active.Count(t => t.Status == AppTaskStatus.Pending)),
            ("running_tasks", active.Count(t => t.Status == AppTaskStatus.Running)),
            ("stalled_tasks", stalled),
            ("concurrency", tasksOptions.Value.Concurrency),
            ("instance_id", queue.HostId));
        return stalled == 0
            ? new ProbedComponent("task_workers", true, ComponentStates.Running, metrics)
            : new ProbedComponent("task_workers", false, ComponentStates.Degraded, metrics, $"{stalled} task(s) past their lease");
    }

    private static Dictionary<string, object?> Metrics(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runtime probe of {Component} failed")]
    private static partial void LogProbeFailed(ILogger logger, string component, Exception exception);
}
