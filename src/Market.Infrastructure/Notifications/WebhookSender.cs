using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Notifications;

/// <summary>
/// POSTs a webhook body signed the way receivers verify it: <c>X-Market-Signature: sha256=&lt;hex&gt;</c> is
/// HMAC-SHA256 with the subscription's secret over <c>"&lt;timestamp&gt;.&lt;body&gt;"</c>, the Unix-seconds
/// timestamp in <c>X-Market-Timestamp</c> (so a receiver can refuse replays). The client dials through
/// <c>GuardedConnect</c>, so the address actually connected to is checked too.
/// </summary>
internal sealed class WebhookSender(HttpClient http, TimeProvider clock) : IWebhookSender
{
    public const string SignatureHeader = "X-Market-Signature";
    public const string TimestampHeader = "X-Market-Timestamp";

    public async Task<(int? StatusCode, string? Error)> SendAsync(Uri url, string deliveryId, string notificationEvent, string body, string secret, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Sign(secret, timestamp, body));
        request.Headers.Add("X-Market-Event", notificationEvent);
        request.Headers.Add("X-Market-Delivery", deliveryId);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"the receiver answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "the receiver did not answer in time");
        }
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
