using Market.Application.Common.Interfaces;
using Market.Application.Notifications.Commands.DeliverNotifications;
using Market.Infrastructure.Hosting;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Notifications;

/// <summary>
/// Drains the webhook outbox: what is due lives in the database (state, next attempt), so a restart carries
/// on where the last run stopped and nothing written with an event is lost.
/// </summary>
internal sealed partial class NotificationDeliveryService(IServiceScopeFactory scopes, IDatabaseStartup database, ITaskQueue queue, TimeProvider clock, ILogger<NotificationDeliveryService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        // Rows are claimed in this host's name (the task engine's host id), so replicas never post the same row twice.
        var owner = queue.HostId;
        var backoff = new IdleBackoff(Tick, clock);
        bool found;
        do
        {
            found = false;
            try
            {
                int tried;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    tried = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeliverNotificationsCommand(owner), stoppingToken);
                    found |= tried > 0;
                }
                while (tried > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database may be away for a moment; the rows wait for the next round.
                LogRoundFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await backoff.WaitAsync(found, stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery round failed: {Error}: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string error, string reason);
}
