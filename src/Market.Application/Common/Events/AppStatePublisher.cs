using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Models;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Microsoft.Extensions.Logging;

namespace Market.Application.Common.Events;

/// <summary>
/// Makes a committed UserApp change visible: mirrors the state into the user's hot state hash (reads
/// avoid the database) and publishes an <c>app_state_change</c> event to the owning user on every replica.
/// The change is already committed when this runs, so Redis being away must not fail it: the mirror is
/// skipped (it is rebuildable) and the bus still delivers to this replica's clients.
/// </summary>
public sealed partial class AppStatePublisher(IHotStateStore hotState, IMarketEventBus events, TimeProvider clock, ILogger<AppStatePublisher> logger)
{
    public async Task PublishAsync(UserApp app, CancellationToken cancellationToken)
    {
        var dto = app.ToDto();
        var node = JsonSerializer.SerializeToNode(dto)!;
        try
        {
            await hotState.HashSetAsync(HotStateKeys.UserAppStates(app.UserId), app.AppName, node.ToJsonString(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMirrorFailed(logger, ex.GetType().Name);
        }

        await events.PublishAsync(new MarketEvent(app.UserId, MarketEvent.AppStateChange, Payload(app, node, clock.GetUtcNow())), cancellationToken);
    }

    /// <summary>The <c>app_state_change</c> of the app as it stands (the NATS publisher rebuilds superseded announcements with it).</summary>
    public static MarketEvent EventFor(UserApp app, DateTimeOffset now) =>
        new(app.UserId, MarketEvent.AppStateChange, Payload(app, JsonSerializer.SerializeToNode(app.ToDto())!, now));

    /// <summary>The push the web app reads (client-contract §3.4): the state row under <c>app_state_latest</c>.</summary>
    private static JsonObject Payload(UserApp app, JsonNode state, DateTimeOffset now) => new()
    {
        ["app_name"] = app.AppName,
        ["source"] = app.SourceId,
        ["app_state_latest"] = state,
        ["app_info_latest"] = null,
        ["timestamp"] = now.ToUnixTimeSeconds(),
        ["user"] = app.UserId,
        ["notify_type"] = MarketEvent.AppStateChange,
        ["message"] = string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot state unavailable ({Failure}); app state not mirrored, the database row stands")]
    private static partial void LogMirrorFailed(ILogger logger, string failure);
}
