using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

public sealed class MarketSettingsApiTests
{
    private const string Settings = HttpExtensions.Prefix + "/settings/market-settings";

    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new MarketApiFactory();
        using var admin = _factory.CreateUserClient("admin");
        await (await admin.PostAsync(HttpExtensions.Prefix + "/settings/market-source",
            HttpExtensions.Json("""{"id":"market.second","name":"Second","base_url":"https://second.example"}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public async Task A_new_user_gets_the_official_market_without_nsfw()
    {
        using var client = _factory.CreateUserClient("newcomer");

        var envelope = await (await client.GetAsync(Settings)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Market settings retrieved successfully"));
        Assert.That(envelope["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.olares","nsfw":false}"""));
    }

    [Test]
    public async Task Put_selects_a_remote_source_added_by_an_admin_and_get_returns_it()
    {
        using var alice = _factory.CreateUserClient("alice");

        var put = await (await alice.PutAsync(Settings, HttpExtensions.Json("""{"selected_source":"market.second","nsfw":true}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        var get = await (await alice.GetAsync(Settings)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(put.Message(), Is.EqualTo("Market settings updated successfully"));
        Assert.That(put["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.second","nsfw":true}"""));
        Assert.That(get["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.second","nsfw":true}"""));
    }

    [Test]
    public async Task One_users_choice_never_changes_anothers()
    {
        using var erin = _factory.CreateUserClient("erin");
        using var frank = _factory.CreateUserClient("frank");
        await (await frank.PutAsync(Settings, HttpExtensions.Json("""{"selected_source":"market.olares","nsfw":false}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        await (await erin.PutAsync(Settings, HttpExtensions.Json("""{"selected_source":"market.second","nsfw":true}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var franks = await (await frank.GetAsync(Settings)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(franks["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.olares","nsfw":false}"""));
    }

    [Test]
    public async Task Omitted_nsfw_means_false()
    {
        using var gina = _factory.CreateUserClient("gina");
        await (await gina.PutAsync(Settings, HttpExtensions.Json("""{"selected_source":"market.second","nsfw":true}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        var envelope = await (await gina.PutAsync(Settings, HttpExtensions.Json("""{"selected_source":"market.second"}"""))).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!["nsfw"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Keys_are_matched_case_insensitively_like_the_original()
    {
        using var hank = _factory.CreateUserClient("hank");

        var envelope = await (await hank.PutAsync(Settings, HttpExtensions.Json("""{"SELECTED_SOURCE":"market.second","Nsfw":true}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!["selected_source"]!.GetValue<string>(), Is.EqualTo("market.second"));
    }

    [TestCase("""{"selected_source":"market.nowhere","nsfw":false}""")]
    [TestCase("""{"selected_source":"","nsfw":false}""")]
    [TestCase("""{"nsfw":true}""")]
    [TestCase("{}")]
    public async Task An_unknown_or_missing_source_is_404(string body)
    {
        using var ivan = _factory.CreateUserClient("ivan");

        var envelope = await (await ivan.PutAsync(Settings, HttpExtensions.Json(body))).ReadEnvelopeAsync(HttpStatusCode.NotFound);

        Assert.That(envelope.Message(), Is.EqualTo("selected_source does not exist"));
    }

    [TestCase("upload")]
    [TestCase("cli")]
    [TestCase("studio")]
    public async Task A_local_source_is_400_and_the_setting_is_unchanged(string source)
    {
        using var judy = _factory.CreateUserClient("judy");

        var envelope = await (await judy.PutAsync(Settings, HttpExtensions.Json($$"""{"selected_source":"{{source}}","nsfw":true}""")))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("selected_source must reference a remote source"));
        var get = await (await judy.GetAsync(Settings)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(get["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.olares","nsfw":false}"""));
    }

    [TestCase("{\"selected_source\":")]
    [TestCase("{\"selected_source\":\"market.olares\",\"nsfw\":\"yes\"}")]
    [TestCase("{\"selected_source\":5}")]
    [TestCase("")]
    [TestCase("null")]
    public async Task Malformed_bodies_are_400_Invalid_request_body(string body)
    {
        using var kim = _factory.CreateUserClient("kim");

        var envelope = await (await kim.PutAsync(Settings, HttpExtensions.Json(body))).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("Invalid request body"));
    }
}
