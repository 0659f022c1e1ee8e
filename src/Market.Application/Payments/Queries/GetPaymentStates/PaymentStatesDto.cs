using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Market.Application.Payments.Queries.GetPaymentStates;

/// <summary>The admin view of every purchase (<c>GET /payment/states</c>), keyed <c>user:app:product</c>; secrets masked.</summary>
public sealed record PaymentStatesDto(
    [property: JsonPropertyName("total_states")] int TotalStates,
    [property: JsonPropertyName("states")] IReadOnlyDictionary<string, PurchaseStateDto> States,
    [property: JsonPropertyName("timestamp")] string Timestamp);

/// <summary>One purchase as the admin view shows it.</summary>
public sealed record PurchaseStateDto
{
    [JsonPropertyName("user_id")] public required string UserId { get; init; }

    [JsonPropertyName("app_id")] public required string AppId { get; init; }

    [JsonPropertyName("app_name")] public required string AppName { get; init; }

    [JsonPropertyName("source_id")] public required string SourceId { get; init; }

    [JsonPropertyName("product_id")] public required string ProductId { get; init; }

    [JsonPropertyName("developer_name")] public required string DeveloperName { get; init; }

    [JsonPropertyName("developer")] public required PurchaseDeveloperDto Developer { get; init; }

    [JsonPropertyName("payment_need")] public required string PaymentNeed { get; init; }

    [JsonPropertyName("developer_sync")] public required string DeveloperSync { get; init; }

    [JsonPropertyName("larepass_sync")] public required string LarePassSync { get; init; }

    [JsonPropertyName("signature_status")] public required string SignatureStatus { get; init; }

    [JsonPropertyName("payment_status")] public required string PaymentStatus { get; init; }

    [JsonPropertyName("jws")] public required string Jws { get; init; }

    [JsonPropertyName("sign_body")] public required string SignBody { get; init; }

    [JsonPropertyName("vc")] public required string Vc { get; init; }

    [JsonPropertyName("tx_hash")] public required string TxHash { get; init; }

    [JsonPropertyName("x_forwarded_host")] public required string ForwardedHost { get; init; }

    /// <summary>What the frontend reported, as it sent it.</summary>
    [JsonPropertyName("frontend_data")] public required JsonNode? FrontendData { get; init; }

    [JsonPropertyName("polling")] public required PurchasePollingDto Polling { get; init; }

    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }

    [JsonPropertyName("updated_at")] public required string UpdatedAt { get; init; }
}

/// <summary>The developer as the original's admin view names it (Go field names).</summary>
public sealed record PurchaseDeveloperDto(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("DID")] string Did,
    [property: JsonPropertyName("RSAPubKey")] string RsaPublicKey);

public sealed record PurchasePollingDto(
    [property: JsonPropertyName("attempts_left")] int AttemptsLeft,
    [property: JsonPropertyName("due_at")] string? DueAt);
