using System.ComponentModel.DataAnnotations;

namespace Market.Application.Common.Options;

/// <summary>
/// <c>Market:Nats</c>: the Olares event fabric. An empty <see cref="Url"/> means NATS is off (the embedded
/// default): events then reach only Market's own <c>/ws</c> and SSE clients.
/// </summary>
public sealed class NatsOptions : IValidatableObject
{
    public const string Section = "Market:Nats";

    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    /// <summary>NATS server URL such as <c>nats://nats:4222</c> (a comma-separated list for a cluster); empty = off.</summary>
    public string Url { get; set; } = string.Empty;

    public string User { get; set; } = string.Empty;

    /// <summary>Secret: never logged or shown.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Every user event is published to <c>{MarketSubject}.{user}</c>.</summary>
    public string MarketSubject { get; set; } = "os.market";

    /// <summary>app-service announces app state changes here.</summary>
    public string AppStateSubject { get; set; } = "os.application.*";

    /// <summary>LarePass (the user's wallet) listens here for sign requests.</summary>
    public string UsersSubject { get; set; } = "os.users";

    /// <summary>User events recorded as <c>system</c> history; empty = off.</summary>
    public string UserStateSubject { get; set; } = string.Empty;

    /// <summary>Queue group of the subscriptions: replicas sharing it apply each message once.</summary>
    public string QueueGroup { get; set; } = "market";

    /// <summary>Publishes waiting for the connection; beyond this they are dropped (and counted) so a NATS outage never slows a request.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Market:Nats:PublishBufferSize must be between 1 and 1000000")]
    public int PublishBufferSize { get; set; } = 10_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        foreach (var url in Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
            {
                // The URL is not echoed: it may carry credentials.
                yield return new ValidationResult("Market:Nats:Url must be a nats://, tls://, ws:// or wss:// URL (or a comma-separated list of them)", [nameof(Url)]);
                yield break;
            }
        }

        foreach (var (name, value) in new[] { (nameof(MarketSubject), MarketSubject), (nameof(AppStateSubject), AppStateSubject), (nameof(UsersSubject), UsersSubject), (nameof(QueueGroup), QueueGroup) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace))
            {
                yield return new ValidationResult($"Market:Nats:{name} must be a NATS subject without spaces when Market:Nats:Url is set", [name]);
            }
        }
    }
}
