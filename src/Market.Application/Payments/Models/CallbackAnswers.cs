using System.Text.Json.Serialization;

namespace Market.Application.Payments.Models;

/// <summary>LarePass's signature submission, as recorded (<c>POST /payment/submit-signature</c>).</summary>
public sealed record SignatureSubmittedDto(
    [property: JsonPropertyName("jws")] string Jws,
    [property: JsonPropertyName("sign_body")] string SignBody,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("status")] string Status);

/// <summary>LarePass's answer to a fetch-signature request, as recorded (<c>POST /payment/fetch-signature-callback</c>).</summary>
public sealed record SignatureFetchedDto(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("jws_present")] bool JwsPresent);
