using Market.Application.Common.Options;
using Market.Application.Notifications.Commands.AnnounceUpdates;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Notifications;

/// <summary>
/// Looks for newer versions of subscribers' installed apps every Market:Notifications:UpdateScanSeconds, so a sync or
/// an upload is announced (<c>update_available</c>) within one interval; what was announced is stored, so a restart or
/// a second replica announces nothing twice.
/// </summary>
internal sealed partial class UpdateAnnouncementService(
    IServiceScopeFactory scopes, IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<UpdateAnnouncementService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UpdateScanSeconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AnnounceUpdatesCommand(), stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update announcement scan failed: {Error}: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string error, string reason);
}
