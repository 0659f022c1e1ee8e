using Market.Application.Common.Interfaces;
using Market.Application.Common.Telemetry;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// Samples the queue depth (pending and running tasks, all replicas together) for the
/// <c>market.tasks.queue_depth</c> gauge, and purchases by payment status for <c>market.payments.states</c>. A gauge is read on every scrape; counting here every few seconds
/// keeps database work off the scrape and bounded whatever the scrape rate.
/// </summary>
internal sealed partial class TaskQueueDepthSampler(
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    MarketTelemetry telemetry,
    TimeProvider clock,
    ILogger<TaskQueueDepthSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, ex.Message); // the database is away: readiness says so; the gauge keeps its last value
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var counts = await db.AppTasks.AsNoTracking()
            .Where(AppTask.Active)
            .GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        telemetry.SetQueueDepth(
            counts.FirstOrDefault(c => c.Status == AppTaskStatus.Pending)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Status == AppTaskStatus.Running)?.Count ?? 0);

        var payments = await db.Purchases.AsNoTracking()
            .GroupBy(p => p.PaymentStatus)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        telemetry.SetPaymentStates(payments.ToDictionary(p => p.Status, p => p.Count, StringComparer.Ordinal));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sampling the task queue depth failed: {Error}")]
    private static partial void LogSampleFailed(ILogger logger, string error);
}
