using System.Net.Http.Headers;
using System.Text;

namespace Market.Api.Tests.Infrastructure;

public static class HttpExtensions
{
    public const string Prefix = "/app-store/api/v2";

    /// <summary>A JSON body written exactly as given (wire names are the test's business, not a serializer's).</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) });

    /// <summary>A client with no identity at all, or with a raw X-Bfl-User value (possibly malformed).</summary>
    public static HttpClient CreateRawClient(this MarketApiFactory factory, string? rawUser = null)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (rawUser is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Bfl-User", rawUser);
        }

        return client;
    }
}
