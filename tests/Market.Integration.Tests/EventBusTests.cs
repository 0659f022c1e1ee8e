using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Integration.Tests;

/// <summary>Events fan out through Redis: what one replica publishes reaches listeners and sockets on every replica.</summary>
public sealed class EventBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private Deployment _deployment = null!;
    private MarketIntegrationFactory _a = null!;
    private MarketIntegrationFactory _b = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await Deployment.CreateAsync();
        _a = _deployment.StartReplica();
        _b = _deployment.StartReplica();
        _a.CreateClient().Dispose();
        _b.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        // Fields stay null when the set-up was ignored for want of PostgreSQL/Redis.
        _a?.Dispose();
        _b?.Dispose();
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    [Test]
    public async Task An_event_published_on_one_replica_reaches_a_listener_on_another()
    {
        var received = new TaskCompletionSource<MarketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _b.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            if (e.Payload["marker"]?.GetValue<string>() == "bus-test")
            {
                received.TrySetResult(e);
            }

            return ValueTask.CompletedTask;
        });

        await _a.Services.GetRequiredService<IMarketEventBus>().PublishAsync(new MarketEvent("alice", MarketEvent.AppStateChange,
            new JsonObject { ["marker"] = "bus-test", ["app_name"] = "firefox" }));

        var marketEvent = await received.Task.WaitAsync(Patience);
        Assert.That(marketEvent.User, Is.EqualTo("alice"));
        Assert.That(marketEvent.NotifyType, Is.EqualTo("app_state_change"));
        Assert.That(marketEvent.Payload["app_name"]!.GetValue<string>(), Is.EqualTo("firefox"));
    }

    [Test]
    public async Task An_event_published_through_replica_a_reaches_a_websocket_on_replica_b()
    {
        var client = _b.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers["X-Bfl-User"] = "alice";
        using var socket = await client.ConnectAsync(new Uri(_b.Server.BaseAddress, "ws"), CancellationToken.None);
        var busA = _a.Services.GetRequiredService<IMarketEventBus>();

        await busA.PublishAsync(new MarketEvent("bob", MarketEvent.AppStateChange, new JsonObject { ["app_name"] = "bobs-app" }));
        await busA.PublishAsync(new MarketEvent("alice", MarketEvent.AppStateChange, new JsonObject { ["app_name"] = "firefox" }));

        var message = await ReceiveJsonAsync(socket);
        Assert.That(message["notify_type"]!.GetValue<string>(), Is.EqualTo("app_state_change"));
        Assert.That(message["app_name"]!.GetValue<string>(), Is.EqualTo("firefox"), "bob's event is not alice's");
    }

    [Test]
    public async Task A_settings_change_on_replica_a_is_pushed_to_the_users_socket_on_replica_b()
    {
        var client = _b.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers["X-Bfl-User"] = "carol";
        using var socket = await client.ConnectAsync(new Uri(_b.Server.BaseAddress, "ws"), CancellationToken.None);
        using var carolOnA = _a.CreateUserClient("carol");

        var response = await carolOnA.PutAsync(Http.Prefix + "/settings/market-settings", Http.Json("""{"selected_source":"market.olares","nsfw":true}"""));
        await response.ReadEnvelopeAsync(System.Net.HttpStatusCode.OK);

        var message = await ReceiveJsonAsync(socket);
        Assert.That(message["point"]!.GetValue<string>(), Is.EqualTo("market_settings_changed"));
        Assert.That(message["user"]!.GetValue<string>(), Is.EqualTo("carol"));
    }

    private static async Task<JsonObject> ReceiveJsonAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
    }
}
