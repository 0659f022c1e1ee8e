using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Market.Application.Payments.Models;

/// <summary>
/// The answer of <c>POST /purchase</c> and <c>POST /payment/frontend-start</c> (§3.10.2): the status and,
/// as <c>PurchaseAnswerRules</c> says, payment data, a message and the frontend's data; absent parts are omitted.
/// </summary>
public sealed record PurchaseAnswerDto : IPurchaseAnswerDto
{
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("payment_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? PaymentData { get; init; }

    [JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonPropertyName("frontend_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? FrontendData { get; init; }

    [JsonPropertyName("frontend_payment_started_payload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? FrontendPaymentStartedPayload { get; init; }

    /// <summary>The tokens the app may be paid with; omitted when the price names none.</summary>
    [JsonPropertyName("token_info"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? TokenInfo { get; init; }

    [JsonPropertyName("app_id")] public string AppId { get; init; } = string.Empty;

    [JsonPropertyName("source")] public string Source { get; init; } = string.Empty;

    [JsonPropertyName("user")] public string User { get; init; } = string.Empty;
}

/// <summary>
/// <c>POST /payment/frontend-start</c> when the answer carries no frontend data of its own: the frontend's
/// data is echoed after the token info (where the original puts it), so it is a shape of its own.
/// </summary>
public sealed record FrontendDataEchoDto : IPurchaseAnswerDto
{
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("payment_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? PaymentData { get; init; }

    [JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonPropertyName("token_info"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? TokenInfo { get; init; }

    [JsonPropertyName("frontend_data")] public required JsonObject FrontendData { get; init; }

    [JsonPropertyName("app_id")] public required string AppId { get; init; }

    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("user")] public required string User { get; init; }

    public static FrontendDataEchoDto Of(PurchaseAnswerDto answer, JsonObject frontendData) => new()
    {
        Status = answer.Status,
        PaymentData = answer.PaymentData,
        Message = answer.Message,
        TokenInfo = answer.TokenInfo,
        FrontendData = frontendData,
        AppId = answer.AppId,
        Source = answer.Source,
        User = answer.User,
    };
}

/// <summary>One of the two shapes of a purchase answer; serialized by its runtime type (the envelope's data is an object).</summary>
public interface IPurchaseAnswerDto;

/// <summary>The answer of <c>GET /payment/status</c>; <c>token_info</c> omitted when the price names no token.</summary>
public sealed record PaymentStatusDto(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("requires_purchase")] bool RequiresPurchase,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("token_info"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonArray? TokenInfo = null);

/// <summary>The answer of <c>POST /restore</c>: what the restore found and what to do next.</summary>
public sealed record PurchaseRestoredDto(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("user")] string User);
