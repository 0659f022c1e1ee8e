using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>A payment party could not be reached or gave an unusable answer; the message is for logs (never holds a secret).</summary>
public sealed class PaymentPartyException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record DidRecord(string Did, string RsaPublicKey);

/// <summary>The Olares DID gate: <c>GET {SystemRemoteService}/did/domain/faster_search/{name}</c>.</summary>
public interface IDidGate
{
    /// <summary>Throws <see cref="PaymentPartyException"/> when the name is unknown or the gate fails.</summary>
    Task<DidRecord> LookupAsync(string name, CancellationToken cancellationToken);
}

/// <summary>One product of a developer as the git-bot lists it, with its price entries (chain, token_symbol, token_decimals …).</summary>
public sealed record DeveloperProduct(string ProductId, IReadOnlyList<JsonObject> Prices);

public sealed record DeveloperInfo(string? CurrentRsaKey, IReadOnlyList<DeveloperProduct> Products);

/// <summary>The appstore git-bot developer API: <c>GET {base}/appstore-git-bot/v1/developer/{name}</c>.</summary>
public interface IDeveloperDirectory
{
    /// <summary>Null when the directory cannot answer (the price config is then used alone). Cached with a TTL.</summary>
    Task<DeveloperInfo?> GetAsync(string? sourceBaseUrl, string developerName, CancellationToken cancellationToken);
}

public sealed record SchemaIds(string ManifestId, string PresentationDefinitionId, string ApplicationVerifiableCredentialId);

/// <summary>What the developer is asked about: the JWS, and for the simulated developer whether the user reported a payment.</summary>
public sealed record VcQuery(string User, string DeveloperName, string ProductId, string Jws, string? TxHash, bool PaymentReported);

/// <summary>The developer's answer: code/VC/error as sent; classify it with <c>DeveloperAnswer.Classify</c>.</summary>
public sealed record VcReply(long? Code, string? Vc, string? Error);

/// <summary>The developer's checkout service (<c>/api/grpc/AuthService/…</c>), which issues the licence VC.</summary>
public interface IDeveloperCheckout
{
    /// <summary>Cached per product and developer. Throws <see cref="PaymentPartyException"/>.</summary>
    Task<SchemaIds> GetSchemaIdsAsync(string developerName, string productId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="PaymentPartyException"/> on transport errors and non-2xx answers.</summary>
    Task<VcReply> ActivateAndGrantAsync(VcQuery query, CancellationToken cancellationToken);
}

/// <summary>Keys of this installation, shared by every replica through the database.</summary>
public interface IPaymentKeys
{
    /// <summary>HMAC key of callback tickets: <c>Market:Payments:CallbackKey</c>, else generated once and stored.</summary>
    ValueTask<byte[]> GetCallbackKeyAsync(CancellationToken cancellationToken);
}

/// <summary>The VC of a purchased app, read at submit time so that it never has to be stored in a task.</summary>
public interface IPurchaseCredentials
{
    /// <summary>The VC of the user's confirmed purchase of this app (name or id) in this source, else null.</summary>
    Task<string?> FindVcAsync(string user, string source, string appName, CancellationToken cancellationToken);
}
