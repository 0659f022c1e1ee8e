using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.History.Commands.PurgeHistory;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.History;

/// <summary>
/// Deletes audit records older than the retention (one month by default) at start and then every
/// <c>Market:History:CleanupIntervalHours</c>. Only the replica that takes the hot-state lock does the
/// work; the lock is kept for the interval so the other replicas skip that round.
/// </summary>
internal sealed partial class HistoryRetentionJob(
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IHotStateStore hotState,
    IOptions<HistoryOptions> options,
    TimeProvider clock,
    ILogger<HistoryRetentionJob> logger) : BackgroundService
{
    /// <summary>Identifies this replica as the lock owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    private int _completedRounds;

    /// <summary>Rounds finished since start (whatever their outcome); the first one runs right after start.</summary>
    public int CompletedRounds => Volatile.Read(ref _completedRounds);

    private TimeSpan Interval => TimeSpan.FromHours(options.Value.CleanupIntervalHours);

    /// <summary>One round: null when another replica holds the lock, else the number of records deleted.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Slightly shorter than the interval so that this replica can take the next round itself.
        var lease = Interval - TimeSpan.FromMinutes(1);
        if (!await hotState.TryAcquireLockAsync(HotStateKeys.HistoryRetentionLock, Owner, lease > TimeSpan.Zero ? lease : Interval, cancellationToken))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var deleted = await sender.Send(new PurgeHistoryCommand(options.Value.RetentionMonths), cancellationToken);
        LogPurged(logger, deleted);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the database is migrated and every other start step is done.
        if (!await database.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Database or Redis away for a moment: the next round tries again.
                LogFailed(logger, ex);
            }

            Interlocked.Increment(ref _completedRounds);
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History retention deleted {Count} old records")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History retention round failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
