using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// A request to LarePass, the user's wallet: on the wire
/// <c>{"sign": {…}, "user": …, "vars": {}, "topic": …}</c> on NATS <c>Market:Nats:UsersSubject</c>.
/// Topics: <c>market_payment</c>, <c>fetch_payment_signature</c>, <c>save_payment_vc</c>.
/// </summary>
public sealed record LarePassMessage(string User, string Topic, JsonObject Sign)
{
    public const string MarketPayment = "market_payment";
    public const string FetchPaymentSignature = "fetch_payment_signature";
    public const string SavePaymentVc = "save_payment_vc";

    /// <summary>The query parameter of a signature callback URL that carries its one-time ticket.</summary>
    public const string TicketQuery = "ticket";
}

/// <summary>Sends requests to LarePass: over NATS in Olares mode, to the simulated wallet in test mode.</summary>
public interface ILarePassChannel
{
    /// <summary>False when the message could not be handed over (NATS away); the caller decides what that means.</summary>
    ValueTask<bool> PublishAsync(LarePassMessage message, CancellationToken cancellationToken);
}
