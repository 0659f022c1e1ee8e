using System.Text.Json.Serialization;

namespace Market.Api.Infrastructure.Envelope;

/// <summary>
/// The <c>{success, message, data}</c> body of every response, errors included, in that key order.
/// <c>data</c> is omitted when there is none. A few errors carry a machine-readable <c>code</c> after
/// <c>message</c> (e.g. <c>architecture_incompatible</c> on uploads, which newer clients match on).
/// </summary>
public sealed class ApiEnvelope
{
    [JsonPropertyName("success")]
    [JsonPropertyOrder(0)]
    public bool Success { get; init; }

    [JsonPropertyName("message")]
    [JsonPropertyOrder(1)]
    public string Message { get; init; } = string.Empty;

    [JsonPropertyName("code")]
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonPropertyName("data")]
    [JsonPropertyOrder(3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Data { get; init; }

    public static ApiEnvelope Ok(string message, object? data = null) => new() { Success = true, Message = message, Data = data };

    public static ApiEnvelope Fail(string message, object? data = null) => new() { Success = false, Message = message, Data = data };
}
