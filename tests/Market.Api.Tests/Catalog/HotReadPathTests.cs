using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Market.Api.Tests.Infrastructure;
using static Market.Api.Tests.Infrastructure.CatalogTestKit;

namespace Market.Api.Tests.Catalog;

/// <summary>
/// The hot reads are answered before MVC (ADR 0022); a path spelled in other case still reaches the
/// controller. Both must put the same bytes and headers on the wire.
/// </summary>
public sealed partial class HotReadPathTests
{
    [Test]
    public async Task The_hot_reads_answer_exactly_as_the_controllers_do()
    {
        await using var remote = await FakeRemoteMarket.StartAsync();
        remote.Put(FakeRemoteMarket.App("notes", "1.0.0"));
        remote.Put(FakeRemoteMarket.App("gallery", "2.1.0"));
        await using var factory = new MarketApiFactory(new Dictionary<string, string?>
        {
            ["Market:Sources:OfficialBaseUrl"] = remote.BaseUrl,
            ["Market:Sources:AllowPrivateNetworks"] = "true",
        });
        using var alice = factory.CreateUserClient("alice");
        await SyncAsync(factory.Services, "market.olares");

        var hash = await BothAsync(alice, HttpMethod.Get, "/market/hash");
        Assert.That(hash.Fast.Status, Is.EqualTo(HttpStatusCode.OK));

        var data = await BothAsync(alice, HttpMethod.Get, "/market/data");
        Assert.That(data.Fast.ETag, Is.Not.Null.And.Not.Empty);

        var notModified = await BothAsync(alice, HttpMethod.Get, "/market/data", ifNoneMatch: data.Fast.ETag);
        Assert.That(notModified.Fast.Status, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(notModified.Fast.Body, Is.Empty);

        var apps = await BothAsync(alice, HttpMethod.Post, "/apps",
            """{"apps":[{"appid":"notes","sourceDataName":"market.olares"},{"appid":"nope","sourceDataName":"market.olares"}]}""");
        Assert.That(apps.Fast.Body, Does.Contain("\"not_found\""));

        var refused = await BothAsync(alice, HttpMethod.Post, "/apps", """{"apps":[]}""");
        Assert.That(refused.Fast.Status, Is.EqualTo(HttpStatusCode.BadRequest), "a body the validator refuses still gets its 400");
    }

    private static async Task<(Answer Fast, Answer Controller)> BothAsync(HttpClient client, HttpMethod method, string path, string? body = null, string? ifNoneMatch = null)
    {
        var fast = await SendAsync(client, method, HttpExtensions.Prefix + path, body, ifNoneMatch);
        var controller = await SendAsync(client, method, HttpExtensions.Prefix + path.ToUpperInvariant(), body, ifNoneMatch);
        Assert.That(fast, Is.EqualTo(controller), path);
        return (fast, controller);
    }

    private static async Task<Answer> SendAsync(HttpClient client, HttpMethod method, string path, string? body, string? ifNoneMatch)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        using var response = await client.SendAsync(request);
        var text = Timestamp().Replace(await response.Content.ReadAsStringAsync(), "\"timestamp\":0"); // seconds may tick between the two
        return new Answer(
            response.StatusCode,
            text,
            response.Content.Headers.ContentType?.ToString(),
            response.Content.Headers.ContentLength,
            response.Headers.ETag?.ToString(),
            response.Headers.CacheControl?.ToString());
    }

    [GeneratedRegex("\"timestamp\":[0-9]+")]
    private static partial Regex Timestamp();

    private sealed record Answer(HttpStatusCode Status, string Body, string? ContentType, long? Length, string? ETag, string? CacheControl);
}
