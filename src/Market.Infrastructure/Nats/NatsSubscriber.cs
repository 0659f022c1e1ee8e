using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Market.Infrastructure.Nats;

/// <summary>
/// A queue-group subscription (replicas sharing the group get each message once) handled by one worker in
/// arrival order, each message in its own scope. The client resubscribes after a reconnect by itself; a
/// subscription that ends anyway is opened again.
/// </summary>
internal abstract partial class NatsSubscriber(
    NatsConnectionHolder holder,
    NatsCounters counters,
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IOptions<NatsOptions> options,
    ILogger logger) : BackgroundService
{
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    protected NatsCounters Counters => counters;

    protected NatsOptions Options => options.Value;

    protected ILogger Logger => logger;

    protected abstract string Subject { get; }

    protected abstract Task HandleAsync(IServiceProvider services, string? data, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await database.WaitAsync(stoppingToken))
        {
            return; // stopped before the database was ready (ADR 0023)
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await holder.WaitOpenAsync(stoppingToken);
                await foreach (var message in holder.Connection.SubscribeAsync<string>(Subject, options.Value.QueueGroup, cancellationToken: stoppingToken))
                {
                    counters.CountReceived();
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        await HandleAsync(scope.ServiceProvider, message.Data, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        counters.CountReceiveDropped();
                        LogHandleFailed(logger, Subject, ex);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSubscriptionEnded(logger, Subject, ex.GetType().Name);
                await Task.Delay(ResubscribeDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A NATS message on {Subject} could not be handled")]
    private static partial void LogHandleFailed(ILogger logger, string subject, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NATS subscription to {Subject} ended ({Error}); subscribing again")]
    private static partial void LogSubscriptionEnded(ILogger logger, string subject, string error);
}
