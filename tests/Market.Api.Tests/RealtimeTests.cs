using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests;

/// <summary>The web app's /ws protocol and the SSE stream: each connection sees its own user's events and the broadcasts, nothing else.</summary>
public sealed class RealtimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private MarketApiFactory _factory = null!;
    private IMarketEventBus _bus = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Realtime:HeartbeatSeconds"] = "1" });
        _bus = _factory.Services.GetRequiredService<IMarketEventBus>();
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [TestCase("/ws")]
    [TestCase("/app-store/api/v2/ws")]
    public async Task WebSocket_receives_its_own_users_events_and_not_another_users(string path)
    {
        using var socket = await ConnectAsync(_factory, path, "alice");

        await _bus.PublishAsync(StateChange("bob", "gitea", "running"));
        await _bus.PublishAsync(StateChange("alice", "firefox", "downloading"));

        var message = await ReceiveJsonAsync(socket);
        Assert.That(message["notify_type"]!.GetValue<string>(), Is.EqualTo("app_state_change"));
        Assert.That(message["user"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(message["app_name"]!.GetValue<string>(), Is.EqualTo("firefox"), "bob's event was skipped");
        Assert.That(message["app_state_latest"]!["status"]!["state"]!.GetValue<string>(), Is.EqualTo("downloading"));
        Assert.That(message["timestamp"]!.GetValue<long>(), Is.GreaterThan(1_600_000_000));
    }

    [Test]
    public async Task Broadcast_events_reach_every_user()
    {
        using var alice = await ConnectAsync(_factory, "/ws", "alice");
        using var bob = await ConnectAsync(_factory, "/ws", "bob");

        await _bus.PublishAsync(new MarketEvent("", MarketEvent.MarketSystemPoint, new JsonObject
        {
            ["point"] = "market_source_changed",
            ["extensions"] = new JsonObject { ["source"] = "market.x" },
        }));

        foreach (var socket in new[] { alice, bob })
        {
            var message = await ReceiveJsonAsync(socket);
            Assert.That(message["notify_type"]!.GetValue<string>(), Is.EqualTo("market_system_point"));
            Assert.That(message["point"]!.GetValue<string>(), Is.EqualTo("market_source_changed"));
            Assert.That(message["extensions"]!["source"]!.GetValue<string>(), Is.EqualTo("market.x"));
        }
    }

    [Test]
    public async Task Ping_is_answered_with_pong_and_login_is_acknowledged()
    {
        using var socket = await ConnectAsync(_factory, "/ws", "alice");

        await SendAsync(socket, """{"event":"login","data":{"application":"market","token":"secret-token","id":"abc"}}""");
        var login = await ReceiveJsonAsync(socket);
        await SendAsync(socket, """{"event":"ping"}""");
        var pong = await ReceiveJsonAsync(socket);

        Assert.That(login["event"]!.GetValue<string>(), Is.EqualTo("login"));
        Assert.That(login["data"]!["user"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(login.ToJsonString(), Does.Not.Contain("secret-token"));
        Assert.That(pong.ToJsonString(), Is.EqualTo("""{"event":"pong"}"""));
    }

    [Test]
    public async Task Garbage_from_the_client_is_ignored_and_the_connection_stays_usable()
    {
        using var socket = await ConnectAsync(_factory, "/ws", "alice");

        await SendAsync(socket, "not json at all");
        await SendAsync(socket, """{"event":42}""");
        await SendAsync(socket, """["ping"]""");
        await SendAsync(socket, """{"event":"ping"}""");

        Assert.That((await ReceiveJsonAsync(socket))["event"]!.GetValue<string>(), Is.EqualTo("pong"));
    }

    [Test]
    public async Task A_changed_setting_reaches_the_users_socket_end_to_end()
    {
        using var socket = await ConnectAsync(_factory, "/ws", "lena");
        using var lena = _factory.CreateUserClient("lena");

        await (await lena.PutAsync(HttpExtensions.Prefix + "/settings/market-settings",
            HttpExtensions.Json("""{"selected_source":"market.olares","nsfw":true}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var message = await ReceiveJsonAsync(socket);
        Assert.That(message["notify_type"]!.GetValue<string>(), Is.EqualTo("market_system_point"));
        Assert.That(message["point"]!.GetValue<string>(), Is.EqualTo("market_settings_changed"));
    }

    [Test]
    public void Upgrade_without_identity_is_refused()
    {
        var client = _factory.Server.CreateWebSocketClient();

        var error = Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await client.ConnectAsync(new Uri(_factory.Server.BaseAddress, "ws"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("401"));
    }

    [Test]
    public async Task Server_shutdown_closes_open_sockets()
    {
        var factory = new MarketApiFactory();
        using var socket = await ConnectAsync(factory, "/ws", "alice");

        var disposing = Task.Run(factory.Dispose);
        using var timeout = new CancellationTokenSource(Patience);
        var result = await socket.ReceiveAsync(new byte[256], timeout.Token);
        await disposing.WaitAsync(timeout.Token);

        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That(socket.CloseStatus, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
    }

    [Test]
    public async Task Sse_streams_its_own_users_events_with_event_and_data_lines()
    {
        using var client = _factory.CreateUserClient("alice");
        using var response = await client.GetAsync(HttpExtensions.Prefix + "/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.That(await ReadLineAsync(reader), Is.EqualTo(": connected"), "the stream opens once the subscription exists");

        await _bus.PublishAsync(StateChange("bob", "gitea", "running"));
        await _bus.PublishAsync(StateChange("alice", "firefox", "installing"));

        var (name, data) = await ReadEventAsync(reader);
        Assert.That(name, Is.EqualTo("app_state_change"));
        Assert.That(data["app_name"]!.GetValue<string>(), Is.EqualTo("firefox"), "bob's event was skipped");
        Assert.That(data["notify_type"]!.GetValue<string>(), Is.EqualTo("app_state_change"));
    }

    [Test]
    public async Task Sse_sends_heartbeat_comments_while_idle()
    {
        using var client = _factory.CreateUserClient("quiet");
        using var response = await client.GetAsync(HttpExtensions.Prefix + "/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        string? line;
        do
        {
            line = await ReadLineAsync(reader);
        }
        while (line != ": heartbeat");

        Assert.That(line, Is.EqualTo(": heartbeat"));
    }

    private static MarketEvent StateChange(string user, string app, string state) =>
        new(user, MarketEvent.AppStateChange, new JsonObject
        {
            ["app_name"] = app,
            ["source"] = "market.olares",
            ["app_state_latest"] = new JsonObject
            {
                ["type"] = "app-state-latest",
                ["version"] = "1.0.0",
                ["status"] = new JsonObject { ["name"] = app, ["state"] = state },
            },
        });

    private static async Task<WebSocket> ConnectAsync(MarketApiFactory factory, string path, string user)
    {
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers["X-Bfl-User"] = user;
        return await client.ConnectAsync(new Uri(factory.Server.BaseAddress, path.TrimStart('/')), CancellationToken.None);
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

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

        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Text));
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!.AsObject();
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(Patience);
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line == string.Empty);

        return line;
    }

    private static async Task<(string Name, JsonObject Data)> ReadEventAsync(StreamReader reader)
    {
        string? line;
        do
        {
            line = await ReadLineAsync(reader);
        }
        while (line is not null && line.StartsWith(':'));

        Assert.That(line, Does.StartWith("event: "));
        var data = await ReadLineAsync(reader);
        Assert.That(data, Does.StartWith("data: "));
        return (line!["event: ".Length..], JsonNode.Parse(data!["data: ".Length..])!.AsObject());
    }
}
