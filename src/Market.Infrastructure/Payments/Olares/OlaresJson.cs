using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Payments.Olares;

/// <summary>Reading the payment parties' JSON answers: a non-2xx or unreadable answer is a <see cref="PaymentPartyException"/>.</summary>
internal static class OlaresJson
{
    /// <summary>The named HTTP client of the payment parties (each call sets its own timeout).</summary>
    public const string ClientName = "payments";

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, string party, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new PaymentPartyException($"{party} answered HTTP {(int)response.StatusCode}");
        }

        try
        {
            return await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken) as JsonObject
                ?? throw new PaymentPartyException($"{party} answered no JSON object");
        }
        catch (JsonException ex)
        {
            throw new PaymentPartyException($"{party} answered invalid JSON", ex);
        }
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, string party, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await http.SendAsync(request, cts.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaymentPartyException($"{party} did not answer within {timeout.TotalSeconds:0} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentPartyException($"{party} unreachable: {ex.Message}", ex);
        }
    }

    public static long? Code(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<long>(out var l) ? l : v.TryGetValue<double>(out var d) ? (long)d : v.TryGetValue<string>(out var s) && long.TryParse(s, out var p) ? p : null
        : null;

    /// <summary><c>https://</c> is added to a base without scheme; the trailing slash is dropped.</summary>
    public static string Base(string url) => (url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url).TrimEnd('/');
}
