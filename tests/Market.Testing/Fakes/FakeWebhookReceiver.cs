using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Testing.Fakes;

/// <summary>
/// An in-process webhook receiver on 127.0.0.1 (Kestrel): records every POST it gets, and answers 503 while
/// <see cref="Available"/> is off (a receiver that is down), 200 otherwise.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeWebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public volatile bool Available = true;

    /// <summary>Requests answered 2xx (what the receiver actually took).</summary>
    public ConcurrentQueue<Received> Accepted { get; } = new();

    /// <summary>Every request, taken or refused.</summary>
    public ConcurrentQueue<Received> All { get; } = new();

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeWebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var received = new Received(body, context.Request.Headers["X-Market-Signature"].ToString(), context.Request.Headers["X-Market-Timestamp"].ToString());
        All.Enqueue(received);
        if (!Available)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Accepted.Enqueue(received);
        return Results.Ok();
    }

    public sealed record Received(string Body, string Signature, string Timestamp)
    {
        /// <summary>True when <see cref="Signature"/> is <c>sha256=</c> HMAC-SHA256(secret, "timestamp.body") in hex, as a receiver checks it.</summary>
        public bool SignedWith(string secret)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{Timestamp}.{Body}")));
            return long.TryParse(Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
        }
    }
}
