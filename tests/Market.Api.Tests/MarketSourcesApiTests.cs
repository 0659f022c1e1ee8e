using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

public sealed class MarketSourcesApiTests
{
    private const string Sources = HttpExtensions.Prefix + "/settings/market-source";

    private MarketApiFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Demo:Enabled"] = "true" });
        _admin = _factory.CreateUserClient("admin");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Get_lists_the_built_in_sources_as_an_array_with_every_wire_field()
    {
        using var alice = _factory.CreateUserClient("alice");

        var envelope = await (await alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Market source configuration retrieved successfully"));
        var sources = envelope["data"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => s["id"]!.GetValue<string>());
        Assert.That(sources.Keys, Is.SupersetOf(new[] { "market.olares", "upload", "studio", "cli", "demo" }));
        var official = sources["market.olares"];
        Assert.That(official.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "id", "name", "type", "base_url", "priority", "is_active", "nsfw", "updated_at", "description",
            "short_label", "display_name", "icon", "is_official", "health",
        }));
        Assert.That(sources["upload"].ContainsKey("health"), Is.False, "local sources have no sync health");
        Assert.Multiple(() =>
        {
            Assert.That(official["type"]!.GetValue<string>(), Is.EqualTo("remote"));
            Assert.That(official["base_url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:9"), "Market:Sources:OfficialBaseUrl");
            Assert.That(official["is_active"]!.GetValue<bool>(), Is.True);
            Assert.That(official["is_official"]!.GetValue<bool>(), Is.True);
            Assert.That(official["display_name"]!.GetValue<string>(), Is.EqualTo("Olares Market"), "built-ins are preset");
            Assert.That(official["short_label"]!.GetValue<string>(), Is.EqualTo("Olares"));
            Assert.That(sources["cli"]["short_label"]!.GetValue<string>(), Is.EqualTo("CLI"));
            Assert.That(sources["cli"]["is_official"]!.GetValue<bool>(), Is.False);
            Assert.That(DateTime.TryParse(official["updated_at"]!.GetValue<string>(), out _), Is.True);
            foreach (var local in new[] { "upload", "studio", "cli", "demo" })
            {
                Assert.That(sources[local]["type"]!.GetValue<string>(), Is.EqualTo("local"), local);
                Assert.That(sources[local]["base_url"]!.GetValue<string>(), Is.EqualTo("file://"), local);
            }
        });
    }

    [Test]
    public async Task Demo_is_absent_when_disabled()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Demo:Enabled"] = "false" });
        using var alice = factory.CreateUserClient("alice");

        var envelope = await (await alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Not.Contain("demo"));
    }

    [Test]
    public async Task Admin_adds_a_remote_source_and_gets_the_whole_configuration()
    {
        var response = await _admin.PostAsync(Sources, HttpExtensions.Json(
            """{"id":"market.added","name":"Added","type":"remote","base_url":"https://added.example/market/","description":"apps of ours"}"""));

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(envelope.Message(), Is.EqualTo("Market source added successfully"));
        var data = envelope["data"]!.AsObject();
        Assert.That(data.Select(p => p.Key), Is.EqualTo(new[] { "sources", "default_source", "updated_at" }));
        Assert.That(data["default_source"]!.GetValue<string>(), Is.EqualTo("market.olares"));
        var added = data["sources"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "market.added")!;
        Assert.That(added["type"]!.GetValue<string>(), Is.EqualTo("remote"));
        Assert.That(added["base_url"]!.GetValue<string>(), Is.EqualTo("https://added.example/market"));
        Assert.That(added["description"]!.GetValue<string>(), Is.EqualTo("apps of ours"));

        using var bob = _factory.CreateUserClient("bob");
        var list = await (await bob.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(list["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Contain("market.added"), "every user sees it");
    }

    [Test]
    public async Task Type_may_be_omitted_but_never_local()
    {
        await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.notype","base_url":"https://notype.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var envelope = await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.local","type":"local","base_url":"https://l.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo("Market source Type must be 'remote'"));
    }

    [Test]
    public async Task A_duplicate_id_is_409()
    {
        await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.twice","base_url":"https://twice.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var again = await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.twice","base_url":"https://other.example"}"""));
        var builtIn = await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"upload","base_url":"https://other.example"}"""));

        Assert.That((await again.ReadEnvelopeAsync(HttpStatusCode.Conflict)).Message(), Is.EqualTo("source with ID market.twice already exists"));
        Assert.That((await builtIn.ReadEnvelopeAsync(HttpStatusCode.Conflict)).Message(), Is.EqualTo("source with ID upload already exists"));
    }

    [TestCase("""{"name":"no id","base_url":"https://x.example"}""", "Market source ID cannot be empty")]
    [TestCase("""{"id":"","base_url":"https://x.example"}""", "Market source ID cannot be empty")]
    [TestCase("""{"id":"market.nourl"}""", "base_url: source base URL cannot be empty")]
    [TestCase("""{"id":"market.ftp","base_url":"ftp://x.example"}""", "base_url: must be an absolute http or https URL")]
    [TestCase("""{"id":"market.rel","base_url":"/market"}""", "base_url: must be an absolute http or https URL")]
    [TestCase("""{"id":"bad id","base_url":"https://x.example"}""", "id: must be 1-50 characters of letters, digits, '.', '_' or '-'")]
    public async Task Validation_errors_are_400_naming_the_problem(string body, string message)
    {
        var envelope = await (await _admin.PostAsync(Sources, HttpExtensions.Json(body))).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo(message));
    }

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://localhost/market")]
    [TestCase("http://10.1.2.3")]
    [TestCase("http://192.168.1.10")]
    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("http://[::1]:81")]
    public async Task Private_and_loopback_urls_are_refused_by_default(string url)
    {
        var envelope = await (await _admin.PostAsync(Sources, HttpExtensions.Json($$"""{"id":"market.ssrf","base_url":"{{url}}"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Does.StartWith("base_url: private or loopback addresses are not allowed ("));
    }

    [Test]
    public async Task Private_urls_are_allowed_when_configured()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Sources:AllowPrivateNetworks"] = "true" });
        using var admin = factory.CreateUserClient("admin");

        await (await admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.lab","base_url":"http://127.0.0.1:18080"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [TestCase("{\"id\":")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"id\":5,\"base_url\":\"https://x.example\"}")]
    [TestCase("")]
    public async Task Malformed_bodies_are_400_Invalid_request_body(string body)
    {
        var envelope = await (await _admin.PostAsync(Sources, HttpExtensions.Json(body))).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo("Invalid request body"));
    }

    [Test]
    public async Task A_body_without_content_type_is_read_as_json_like_the_original()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sources)
        {
            Content = new ByteArrayContent("""{"id":"market.untyped","base_url":"https://untyped.example"}"""u8.ToArray()),
        };

        await (await _admin.SendAsync(request)).ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task Admin_deletes_an_added_source()
    {
        await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.gone","base_url":"https://gone.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var envelope = await (await _admin.DeleteAsync(Sources + "/market.gone")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope.Message(), Is.EqualTo("Market source deleted successfully"));
        var ids = envelope["data"]!["sources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Does.Not.Contain("market.gone"));
        Assert.That(envelope["data"]!["default_source"]!.GetValue<string>(), Is.EqualTo("market.olares"));
    }

    [TestCase("market.olares")]
    [TestCase("upload")]
    [TestCase("studio")]
    [TestCase("cli")]
    [TestCase("demo")]
    public async Task Built_in_sources_are_never_deleted(string id)
    {
        var envelope = await (await _admin.DeleteAsync($"{Sources}/{id}")).ReadEnvelopeAsync(HttpStatusCode.BadRequest);

        Assert.That(envelope.Message(), Is.EqualTo($"built-in market source '{id}' cannot be deleted"));
        var list = await (await _admin.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(list["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Contain(id));
    }

    [Test]
    public async Task Deleting_an_unknown_source_is_404()
    {
        var envelope = await (await _admin.DeleteAsync(Sources + "/market.nothing")).ReadEnvelopeAsync(HttpStatusCode.NotFound);

        Assert.That(envelope.Message(), Is.EqualTo("source with ID market.nothing not found"));
    }

    [Test]
    public async Task Users_on_a_deleted_source_fall_back_to_the_official_market()
    {
        await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.temp","base_url":"https://temp.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);
        using var dave = _factory.CreateUserClient("dave");
        await (await dave.PutAsync(HttpExtensions.Prefix + "/settings/market-settings", HttpExtensions.Json("""{"selected_source":"market.temp","nsfw":true}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        await (await _admin.DeleteAsync(Sources + "/market.temp")).ReadEnvelopeAsync(HttpStatusCode.OK);

        var settings = await (await dave.GetAsync(HttpExtensions.Prefix + "/settings/market-settings")).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(settings["data"]!.ToJsonString(), Is.EqualTo("""{"selected_source":"market.olares","nsfw":true}"""));
    }

    [Test]
    public async Task The_official_source_follows_the_configured_url_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "market-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "market.db");
        Directory.CreateDirectory(folder);
        try
        {
            using (var first = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Storage:SqlitePath"] = database }))
            using (var client = first.CreateUserClient("alice"))
            {
                await (await client.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
            }

            using var second = new MarketApiFactory(new Dictionary<string, string?>
            {
                ["Market:Storage:SqlitePath"] = database,
                ["Market:Sources:OfficialBaseUrl"] = "https://mirror.example/",
            });
            using var alice = second.CreateUserClient("alice");
            var list = await (await alice.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
            var official = list["data"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "market.olares")!;
            Assert.That(official["base_url"]!.GetValue<string>(), Is.EqualTo("https://mirror.example"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Source_ids_in_the_path_may_hold_dots_and_dashes()
    {
        await (await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.my-store_1","base_url":"https://s.example"}""")))
            .ReadEnvelopeAsync(HttpStatusCode.OK);

        var envelope = await (await _admin.DeleteAsync(Sources + "/market.my-store_1")).ReadEnvelopeAsync(HttpStatusCode.OK);

        Assert.That(envelope["data"]!["sources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Not.Contain("market.my-store_1"));
    }
}
