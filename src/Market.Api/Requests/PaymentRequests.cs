using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Market.Api.Requests;

/// <summary>Body of <c>POST /payment/frontend-start</c>.</summary>
public sealed record FrontendStartRequest(
    [property: JsonPropertyName("source_id")] string? SourceId,
    [property: JsonPropertyName("app_id")] string? AppId,
    [property: JsonPropertyName("product_id")] string? ProductId,
    [property: JsonPropertyName("frontend_data")] JsonObject? FrontendData);

/// <summary>Body of <c>POST /payment/start-polling</c>.</summary>
public sealed record StartPollingRequest(
    [property: JsonPropertyName("source_id")] string? SourceId,
    [property: JsonPropertyName("app_id")] string? AppId,
    [property: JsonPropertyName("tx_hash")] string? TxHash,
    [property: JsonPropertyName("product_id")] string? ProductId);

/// <summary>Body of <c>POST /payment/resend-vc</c>.</summary>
public sealed record ResendVcRequest([property: JsonPropertyName("product_id")] string? ProductId);
