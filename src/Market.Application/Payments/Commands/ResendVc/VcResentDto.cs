using System.Text.Json.Serialization;

namespace Market.Application.Payments.Commands.ResendVc;

/// <summary>The answer of <c>POST /payment/resend-vc</c>: the product whose VC went to LarePass again.</summary>
public sealed record VcResentDto([property: JsonPropertyName("product_id")] string ProductId);
