using Microsoft.Extensions.Hosting;

namespace Market.Infrastructure.Hosting;

internal static class HostLifetimeExtensions
{
    /// <summary>
    /// Waits until the host has started (migrations applied, server listening). False when it stops first.
    /// Background jobs call this so that they never run against an unmigrated database.
    /// </summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
