using Microsoft.Extensions.Hosting;

namespace Market.Infrastructure.Hosting;

internal static class HostLifetimeExtensions
{
    /// <summary>
    /// Waits until the host has started (the server listens). False when it stops first.
    /// The database is migrated only after this (ADR 0023): jobs that query it wait for <c>IDatabaseStartup</c> instead.
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
