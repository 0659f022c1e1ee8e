using Market.Application.Common.Interfaces;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Options;
using Market.Application.History.Commands.RecordUserEvent;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Nats;

/// <summary>User events (<c>Market:Nats:UserStateSubject</c>, <c>{event_type, username, timestamp}</c>) kept as <c>system</c> history.</summary>
internal sealed class NatsUserStateSubscriber(
    NatsConnectionHolder holder,
    NatsCounters counters,
    IServiceScopeFactory scopes,
    IDatabaseStartup database,
    IOptions<NatsOptions> options,
    ILogger<NatsUserStateSubscriber> logger) : NatsSubscriber(holder, counters, scopes, database, options, logger)
{
    protected override string Subject => Options.UserStateSubject;

    protected override async Task HandleAsync(IServiceProvider services, string? data, CancellationToken cancellationToken)
    {
        string username;
        try
        {
            username = (JsonNode.Parse(data ?? string.Empty) as JsonObject)?["username"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : string.Empty;
        }
        catch (JsonException)
        {
            username = string.Empty;
        }

        if (!await services.GetRequiredService<ISender>().Send(new RecordUserEventCommand(username, data!), cancellationToken))
        {
            Counters.CountReceiveDropped();
        }
    }
}
