using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

public sealed class RateLimitTests
{
    private const string Settings = HttpExtensions.Prefix + "/settings/market-settings";
    private const string Body = """{"selected_source":"market.olares","nsfw":false}""";

    [Test]
    public async Task Writes_over_the_per_user_limit_are_a_429_envelope_while_reads_and_other_users_go_on()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:RateLimit:WritesPerMinute"] = "2" });
        using var alice = factory.CreateUserClient("alice");
        using var bob = factory.CreateUserClient("bob");

        await (await alice.PutAsync(Settings, HttpExtensions.Json(Body))).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await alice.PutAsync(Settings, HttpExtensions.Json(Body))).ReadEnvelopeAsync(HttpStatusCode.OK);
        var limited = await alice.PutAsync(Settings, HttpExtensions.Json(Body));

        var envelope = await limited.ReadEnvelopeAsync(HttpStatusCode.TooManyRequests);
        Assert.That(envelope.Message(), Is.EqualTo("Too many requests, please try again later"));
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        await (await alice.GetAsync(Settings)).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await bob.PutAsync(Settings, HttpExtensions.Json(Body))).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Zero_turns_the_limit_off()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:RateLimit:WritesPerMinute"] = "0" });
        using var alice = factory.CreateUserClient("alice");

        for (var i = 0; i < 20; i++)
        {
            await (await alice.PutAsync(Settings, HttpExtensions.Json(Body))).ReadEnvelopeAsync(HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task Catalog_reads_sent_as_POST_are_not_limited()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:RateLimit:WritesPerMinute"] = "1" });
        using var alice = factory.CreateUserClient("alice");
        const string apps = """{"apps":[{"appid":"nothing","sourceDataName":"market.olares"}]}""";

        // The web app pages through the catalog with POST /apps; a write limit must not starve it.
        for (var i = 0; i < 5; i++)
        {
            await (await alice.PostAsync(HttpExtensions.Prefix + "/apps", HttpExtensions.Json(apps))).ReadEnvelopeAsync(HttpStatusCode.OK);
        }
    }
}
