using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Preinstall.Commands.RunPreinstall;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Preinstall;

/// <summary>
/// Scans <c>Market:Preinstall:Dir</c> after start and then every <c>ScanIntervalSeconds</c>, so a declaration an
/// upgrade adds is seen without a restart and catalog apps are retried until the official catalog has them.
/// One replica scans at a time (hot-state lock); the decision rows keep it idempotent even without the lock.
/// </summary>
internal sealed partial class PreinstallService(
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IHotStateStore hotState,
    IOptions<PreinstallOptions> options,
    TimeProvider clock,
    ILogger<PreinstallService> logger) : BackgroundService
{
    private const string LockKey = "lock:preinstall";
    private readonly string _owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private int _completedScans;

    /// <summary>Scans finished since start (whatever their outcome).</summary>
    public int CompletedScans => Volatile.Read(ref _completedScans);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled || !await database.WaitAsync(stoppingToken))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.Value.ScanIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(interval, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(logger, ex.GetType().Name, ex.Message); // database or Redis away: the next scan tries again
            }

            Interlocked.Increment(ref _completedScans);
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ScanAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!await hotState.TryAcquireLockAsync(LockKey, _owner, interval + TimeSpan.FromMinutes(1), cancellationToken))
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RunPreinstallCommand(), cancellationToken);
        }
        finally
        {
            await hotState.ReleaseLockAsync(LockKey, _owner, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preinstall scan failed ({Failure}: {Reason}); the next scan tries again")]
    private static partial void LogScanFailed(ILogger logger, string failure, string reason);
}
