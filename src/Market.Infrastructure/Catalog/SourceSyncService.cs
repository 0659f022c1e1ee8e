using System.Collections.Concurrent;
using Market.Application.Catalog;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Market.Application.Common.Events;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// Syncs every remote source on its own schedule: at start, then every <c>SyncIntervalSeconds</c>;
/// after a failure sooner (at most a minute later); a source just added at once. Sources run
/// independently, so a slow or broken one never holds the others up. Which replica does the work is
/// decided per source by the sync command's lock.
/// </summary>
internal sealed partial class SourceSyncService(
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IMarketEventBus events,
    IMarketViewCache catalog,
    IOptionsMonitor<SourcesOptions> options,
    TimeProvider clock,
    ILogger<SourceSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        using var subscription = events.Subscribe(OnEventAsync);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueSyncsAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSchedulerFailed(logger, ex);
            }

            try
            {
                await _wake.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_running.Values);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task StartDueSyncsAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        foreach (var source in await catalog.GetSourcesAsync(stoppingToken))
        {
            if (!source.IsRemote || _running.ContainsKey(source.Id) || (_due.TryGetValue(source.Id, out var due) && due > now))
            {
                continue;
            }

            _due[source.Id] = now + Interval;

            // The run waits for its own registration, so its clean-up can't come first and leave a stale entry.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[source.Id] = RunAsync(source.Id, registered.Task, stoppingToken);
            registered.SetResult();
        }
    }

    private TimeSpan Interval => TimeSpan.FromSeconds(options.CurrentValue.SyncIntervalSeconds);

    private async Task RunAsync(string sourceId, Task registered, CancellationToken stoppingToken)
    {
        await registered;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var result = await sender.Send(new SyncMarketSourceCommand(sourceId), stoppingToken);
            if (result.Outcome is SourceSyncOutcome.Failed or SourceSyncOutcome.Partial)
            {
                var retry = clock.GetUtcNow() + (Interval < RetryAfterFailure ? Interval : RetryAfterFailure);
                _due[sourceId] = retry;
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogSyncCrashed(logger, sourceId, ex);
            _due[sourceId] = clock.GetUtcNow() + RetryAfterFailure;
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            _running.TryRemove(sourceId, out _);
        }
    }

    /// <summary>A source added on any replica is synced at once (the lock lets one replica do it).</summary>
    private ValueTask OnEventAsync(MarketEvent marketEvent)
    {
        if (marketEvent.User.Length == 0 && CatalogEvents.PointOf(marketEvent) == CatalogEvents.SourceChangedPoint)
        {
            var (source, change) = CatalogEvents.SourceChange(marketEvent);
            if (source.Length > 0 && change != "deleted")
            {
                _due.TryRemove(source, out _);
                _wake.Release();
            }
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync of market source {Source} crashed")]
    private static partial void LogSyncCrashed(ILogger logger, string source, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "The source sync scheduler failed; retrying")]
    private static partial void LogSchedulerFailed(ILogger logger, Exception ex);
}
