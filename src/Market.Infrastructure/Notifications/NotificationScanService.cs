using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Notifications.Commands.AnnounceStuckPayments;
using Market.Application.Notifications.Commands.AnnounceUpdates;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Notifications;

/// <summary>
/// Looks for newer versions of subscribers' installed apps and for stuck purchases every Market:Notifications:UpdateScanSeconds,
/// so a sync or an upload is announced (<c>update_available</c>) within one interval, and a purchase unconfirmed for too long
/// (<c>payment_stuck</c>); what was announced is stored, so a restart or a second replica announces nothing twice.
/// </summary>
internal sealed partial class NotificationScanService(
    IServiceScopeFactory scopes, IDatabaseStartup database, IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<NotificationScanService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UpdateScanSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sender = scope.ServiceProvider.GetRequiredService<ISender>();
                await sender.Send(new AnnounceUpdatesCommand(), stoppingToken);
                await sender.Send(new AnnounceStuckPaymentsCommand(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database may be away for a moment: the next scan finds the same updates.
                LogScanFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification scan failed: {Error}: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string error, string reason);
}
