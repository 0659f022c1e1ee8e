using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Testing.Payments;

/// <summary>
/// A test-side LarePass: it receives the requests Market would publish on <c>os.users</c> and, as the
/// wallet does, POSTs the signature to the callback URL (path and ticket) over HTTP as the user.
/// </summary>
public sealed class HttpLarePass : ILarePassChannel
{
    private int _signatures;

    public Func<HttpClient>? ClientFactory { get; set; }

    public ConcurrentQueue<LarePassMessage> Messages { get; } = new();

    public ConcurrentQueue<HttpResponseMessage> Callbacks { get; } = new();

    public ValueTask<bool> PublishAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        Messages.Enqueue(message);
        if (message.Topic == LarePassMessage.MarketPayment && ClientFactory is not null)
        {
            _ = Task.Run(() => SignAsync(message), CancellationToken.None);
        }

        return ValueTask.FromResult(true);
    }

    private async Task SignAsync(LarePassMessage message)
    {
        var client = ClientFactory!();
        client.DefaultRequestHeaders.Add("X-Bfl-User", message.User);
        var signBody = message.Sign["sign_body"]!;
        var body = new JsonObject
        {
            ["jws"] = $"larepass.jws.{Interlocked.Increment(ref _signatures)}",
            ["application_verifiable_credential"] = signBody["application_verifiable_credential"]?.DeepClone(),
            ["product_credential_manifest"] = signBody["product_credential_manifest"]?.DeepClone(),
        };
        var path = new Uri(message.Sign["callback_url"]!.GetValue<string>()).PathAndQuery;
        Callbacks.Enqueue(await client.PostAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")));
    }
}
