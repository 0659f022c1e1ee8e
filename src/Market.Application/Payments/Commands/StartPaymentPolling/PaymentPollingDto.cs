using System.Text.Json.Serialization;

namespace Market.Application.Payments.Commands.StartPaymentPolling;

/// <summary>The answer of <c>POST /payment/start-polling</c>: polling for the VC has begun.</summary>
public sealed record PaymentPollingDto(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("status")] string Status);
