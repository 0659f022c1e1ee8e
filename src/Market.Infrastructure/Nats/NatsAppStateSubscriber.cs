using Market.Application.Common.Interfaces;
using Market.Application.Apps.Commands.ApplyAppStateEvent;
using Market.Application.Common.Options;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

/// <summary>app-service's state announcements (<c>Market:Nats:AppStateSubject</c>) applied through the use case.</summary>
internal sealed partial class NatsAppStateSubscriber(
    NatsConnectionHolder holder,
    NatsCounters counters,
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IOptions<NatsOptions> options,
    ILogger<NatsAppStateSubscriber> logger) : NatsSubscriber(holder, counters, scopes, database, options, logger)
{
    protected override string Subject => Options.AppStateSubject;

    protected override async Task HandleAsync(IServiceProvider services, string? data, CancellationToken cancellationToken)
    {
        var command = AppStateMessage.Parse(data);
        if (command is null)
        {
            Counters.CountReceiveDropped();
            return;
        }

        var outcome = await services.GetRequiredService<ISender>().Send(command, cancellationToken);
        if (outcome == AppStateEventOutcome.Invalid)
        {
            Counters.CountReceiveDropped();
        }

        LogHandled(Logger, command.User, command.Name, command.State, outcome);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "App state announcement {User}/{App} {State}: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string user, string app, string state, AppStateEventOutcome outcome);
}
