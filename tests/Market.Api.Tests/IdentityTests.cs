using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests;

/// <summary>X-Bfl-User is the only identity: missing, empty or malformed is 401 everywhere; admin routes are 403 for others.</summary>
public sealed class IdentityTests
{
    private static readonly (string Method, string Path, string? Body)[] UserRoutes =
    [
        ("GET", "/settings/market-source", null),
        ("POST", "/settings/market-source", """{"id":"market.x","base_url":"https://x.example"}"""),
        ("DELETE", "/settings/market-source/market.x", null),
        ("GET", "/settings/market-settings", null),
        ("PUT", "/settings/market-settings", """{"selected_source":"market.olares","nsfw":false}"""),
        ("GET", "/logs", null),
        ("GET", "/events", null),
        ("GET", "/ws", null),
    ];

    private MarketApiFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new MarketApiFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    public static IEnumerable<TestCaseData> MissingOrMalformedUsers()
    {
        string?[] users = [null, "", "Alice", "a b", "-alice", "alice/", new string('a', 70), "alice,bob", "ålice"];
        foreach (var user in users)
        {
            foreach (var (method, path, body) in UserRoutes)
            {
                yield return new TestCaseData(user, method, path, body).SetName($"401 {method} {path} as [{user?.Length switch { null => "none", > 20 => $"{user.Length} chars", _ => user }}]");
            }
        }
    }

    [TestCaseSource(nameof(MissingOrMalformedUsers))]
    public async Task Missing_empty_or_malformed_user_is_401(string? user, string method, string path, string? body)
    {
        using var client = _factory.CreateRawClient(user);

        var response = await client.SendAsync(new HttpMethod(method), HttpExtensions.Prefix + path, body);

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
        Assert.That(envelope.Message(), Is.EqualTo("Failed to get user information"));
        Assert.That(envelope.ContainsKey("data"), Is.False);
    }

    [Test]
    public async Task Two_X_Bfl_User_headers_are_not_an_identity()
    {
        using var client = _factory.CreateRawClient();
        var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.Prefix + "/logs");
        request.Headers.TryAddWithoutValidation("X-Bfl-User", ["alice", "bob"]);

        var envelope = await (await client.SendAsync(request)).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);

        Assert.That(envelope.Message(), Is.EqualTo("Failed to get user information"));
    }

    [TestCase("alice")]
    [TestCase("a")]
    [TestCase("0day")]
    [TestCase("alice.smith_2-b")]
    public async Task Well_formed_users_are_accepted(string user)
    {
        using var client = _factory.CreateRawClient(user);

        var response = await client.GetAsync(HttpExtensions.Prefix + "/settings/market-settings");

        await response.ReadEnvelopeAsync(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_63_character_name_is_the_longest_accepted()
    {
        using var longest = _factory.CreateRawClient(new string('a', 63));
        using var tooLong = _factory.CreateRawClient(new string('a', 64));

        await (await longest.GetAsync(HttpExtensions.Prefix + "/logs")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await tooLong.GetAsync(HttpExtensions.Prefix + "/logs")).ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("POST", "/settings/market-source", """{"id":"market.x","name":"X","base_url":"https://x.example"}""")]
    [TestCase("DELETE", "/settings/market-source/market.olares", null)]
    [TestCase("DELETE", "/settings/market-source/market.unknown", null)]
    public async Task Normal_users_get_403_on_admin_routes_and_nothing_changes(string method, string path, string? body)
    {
        using var bob = _factory.CreateUserClient("bob");

        var envelope = await (await bob.SendAsync(new HttpMethod(method), HttpExtensions.Prefix + path, body)).ReadEnvelopeAsync(HttpStatusCode.Forbidden);

        Assert.That(envelope.Message(), Is.EqualTo("Admin privileges required"));
        var sources = await (await bob.GetAsync(HttpExtensions.Prefix + "/settings/market-source")).ReadEnvelopeAsync(HttpStatusCode.OK);
        var ids = sources["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Does.Contain("market.olares"));
        Assert.That(ids, Does.Not.Contain("market.x"));
    }

    [Test]
    public async Task Admin_users_come_from_configuration()
    {
        using var factory = new MarketApiFactory(new Dictionary<string, string?> { ["Market:Auth:AdminUsers:0"] = "carol" });
        using var carol = factory.CreateUserClient("carol");
        using var admin = factory.CreateUserClient("admin");

        await (await carol.SendAsync(HttpMethod.Post, HttpExtensions.Prefix + "/settings/market-source",
            """{"id":"market.carol","name":"Carol","base_url":"https://carol.example"}""")).ReadEnvelopeAsync(HttpStatusCode.OK);
        await (await admin.SendAsync(HttpMethod.Delete, HttpExtensions.Prefix + "/settings/market-source/market.carol"))
            .ReadEnvelopeAsync(HttpStatusCode.Forbidden);
    }
}
