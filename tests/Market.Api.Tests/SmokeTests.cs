using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

public sealed class SmokeTests
{
    [Test]
    public async Task Built_in_sources_are_listed_for_any_user()
    {
        using var factory = new MarketApiFactory();
        using var client = factory.CreateUserClient("alice");

        var envelope = await (await client.GetAsync("/app-store/api/v2/settings/market-source")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var ids = envelope["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Is.SupersetOf(new[] { "market.olares", "upload", "studio", "cli" }));
    }
}
