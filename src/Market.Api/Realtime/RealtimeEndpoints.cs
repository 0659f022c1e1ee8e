using Market.Api.Infrastructure.Identity;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Telemetry;
using Microsoft.Extensions.Options;

namespace Market.Api.Realtime;

/// <summary>The live push endpoints: <c>/ws</c> (the web app's WebSocket) and the SSE stream.</summary>
public static class RealtimeEndpoints
{
    public const string WebSocketPath = "/ws";
    public const string PrefixedWebSocketPath = "/app-store/api/v2/ws";
    public const string EventsPath = "/app-store/api/v2/events";

    public static IEndpointRouteBuilder MapMarketRealtime(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(WebSocketPath, AcceptWebSocketAsync).ExcludeFromDescription();
        endpoints.MapGet(PrefixedWebSocketPath, AcceptWebSocketAsync).ExcludeFromDescription();
        endpoints.MapGet(EventsPath, StreamEventsAsync)
            .WithName("StreamEvents")
            .WithSummary("Server-sent events: the caller's app state changes and market points, as on /ws.")
            .Produces(StatusCodes.Status200OK, contentType: ServerSentEventsSession.ContentType);
        return endpoints;
    }

    private static async Task AcceptWebSocketAsync(
        HttpContext context,
        IMarketEventBus bus,
        IOptions<RealtimeOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        MarketTelemetry telemetry,
        ILoggerFactory loggers)
    {
        var user = RequireUser(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new BadRequestException("WebSocket upgrade required");
        }

        // Subscribe before the handshake completes, so an event published right after it is not lost.
        using var feed = new UserEventFeed(bus, user, options.Value.QueueCapacity, telemetry);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var connection = telemetry.ConnectionOpened("ws");
        using var session = new WebSocketSession(socket, user, feed, clock, loggers.CreateLogger<WebSocketSession>());
        await session.RunAsync(stop.Token);
    }

    private static async Task StreamEventsAsync(
        HttpContext context,
        IMarketEventBus bus,
        IOptions<RealtimeOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        MarketTelemetry telemetry)
    {
        var user = RequireUser(context);
        using var feed = new UserEventFeed(bus, user, options.Value.QueueCapacity, telemetry);
        using var connection = telemetry.ConnectionOpened("sse");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var session = new ServerSentEventsSession(context.Response, feed, clock, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        await session.RunAsync(stop.Token);
    }

    private static string RequireUser(HttpContext context) =>
        HttpCurrentUser.TryGetName(context) ?? throw new UnauthorizedException();
}
