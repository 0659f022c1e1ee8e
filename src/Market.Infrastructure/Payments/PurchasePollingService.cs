using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.PollPurchases;
using Market.Application.Payments.Commands.ReleasePollLeases;
using Market.Infrastructure.Hosting;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Infrastructure.Payments;

/// <summary>
/// Runs VC polling rounds: what is due is in the database (attempts left, next attempt, lease), so a
/// restart or another replica carries on where this one stopped, and a lease keeps it to one poller per purchase.
/// </summary>
internal sealed partial class PurchasePollingService(IServiceScopeFactory scopes, IDatabaseStartup database, TimeProvider clock, ILogger<PurchasePollingService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly string _owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        var backoff = new IdleBackoff(Tick, clock);
        bool found;
        do
        {
            found = false;
            try
            {
                // A round that polled something is followed at once by the next (attempts due right away); an idle one waits, longer after each idle round (IdleBackoff).
                int polled;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    polled = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PollPurchasesCommand(_owner), stoppingToken);
                    found |= polled > 0;
                }
                while (polled > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database may be away for a moment; the next round tries again.
                LogRoundFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await backoff.WaitAsync(found, stoppingToken));
    }

    /// <summary>A graceful stop hands leased purchases back at once, so another replica (or the next start) polls them without waiting for the lease.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReleasePollLeasesCommand(_owner), cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRoundFailed(logger, ex.GetType().Name, ex.Message); // the lease then simply runs out
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "VC polling round failed: {Error}: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string error, string reason);
}
