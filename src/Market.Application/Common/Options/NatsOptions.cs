namespace Market.Application.Common.Options;

/// <summary>
/// <c>Market:Nats</c>: the Olares event fabric. An empty <see cref="Url"/> means NATS is off (the embedded
/// default): events then reach only Market's own <c>/ws</c> and SSE clients.
/// </summary>
public sealed class NatsOptions
{
    public const string Section = "Market:Nats";

    /// <summary>NATS server URL such as <c>nats://nats:4222</c>; empty = off.</summary>
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

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
