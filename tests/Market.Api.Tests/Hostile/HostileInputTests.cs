using System.Text;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Hostile;

/// <summary>
/// A corpus of hostile requests, sent raw over a socket to the real server: every one is answered with
/// the envelope and a 4xx naming the problem, never a 500, never ASP.NET's ProblemDetails.
/// </summary>
public sealed class HostileInputTests
{
    private const string Install = "POST /app-store/api/v2/apps/hostile/install";
    private const string Cancel = "DELETE /app-store/api/v2/apps/hostile/install";
    private const string Uninstall = "DELETE /app-store/api/v2/apps/hostile";
    private const string Settings = "PUT /app-store/api/v2/settings/market-settings";
    private const string AddSource = "POST /app-store/api/v2/settings/market-source";
    private const string AppsInfo = "POST /app-store/api/v2/apps";

    private MarketApiFactory _factory = null!;
    private int _port;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        _factory.UseKestrel(0);
        _factory.StartServer();
        using var probe = _factory.CreateClient();
        _port = probe.BaseAddress!.Port;
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    public sealed record Case(string Name, string Route, string? ContentType, byte[] Body, bool Chunked, int Status, string Message)
    {
        public override string ToString() => Name;
    }

    private static readonly byte[] InstallBody = Utf8("""{"source":"upload","app_name":"hostile","version":"1.0.0"}""");

    public static IEnumerable<Case> Corpus()
    {
        foreach (var type in new[] { "application/xml", "image/png", "application/octet-stream" })
        {
            yield return new($"{type} on install", Install, type, InstallBody, false, 415, $"Unsupported content type '{type}'");
            yield return new($"{type} on settings", Settings, type, Utf8("""{"selected_source":"market.olares"}"""), false, 415, $"Unsupported content type '{type}'");
            yield return new($"{type} on add source", AddSource, type, Utf8("""{"id":"x","base_url":"https://x.example"}"""), false, 415, $"Unsupported content type '{type}'");
        }

        foreach (var type in new[] { "application/*", "*/*", "garbage", "a/b/c", ";;;" })
        {
            foreach (var route in new[] { Install, Cancel, AppsInfo })
            {
                yield return new($"content type '{type}' on {route}", route, type, InstallBody, false, 415, $"Unsupported content type '{type}'");
            }
        }

        foreach (var charset in new[] { "utf-16", "UTF-16LE", "iso-8859-1", "utf-32" })
        {
            foreach (var route in new[] { Install, Cancel, Uninstall, Settings, AppsInfo })
            {
                yield return new($"charset {charset} on {route}", route, $"application/json; charset={charset}", InstallBody, false, 400, $"Unsupported charset '{charset}': request bodies must be UTF-8");
            }
        }

        var duplicate = Utf8("""{"source":"upload","app_name":"hostile","app_name":"other"}""");
        foreach (var route in new[] { Install, Cancel, Uninstall, Settings, AppsInfo })
        {
            yield return new($"duplicate keys on {route}", route, "application/json", duplicate, false, 400, "Request body has the key 'app_name' twice in one object");
            yield return new($"duplicate nested keys on {route}", route, "application/json", Utf8("""{"envs":[{"envName":"A","envName":"B"}]}"""), false, 400, "Request body has the key 'envName' twice in one object");
        }

        var invalidUtf8 = Concat(Utf8("""{"source":"upload","app_name":"hostile","version":"1."""), [0xC3, 0x28, 0xFF], Utf8("\"}"));
        foreach (var route in new[] { Install, Cancel, Uninstall, Settings })
        {
            yield return new($"invalid UTF-8 on {route}", route, "application/json", invalidUtf8, false, 400, "Request body is not valid UTF-8");
            yield return new($"invalid UTF-8, untyped, on {route}", route, null, invalidUtf8, false, 400, "Request body is not valid UTF-8");
        }

        // Valid JSON syntax, but no string: every binder threw, and DELETE /apps/{id}/install answered 500.
        foreach (var route in new[] { Install, Cancel, Uninstall, Settings, AppsInfo })
        {
            yield return new($"lone surrogate escape on {route}", route, "application/json", Utf8("""{"app_name":"\ud800","source":"upload"}"""), false, 400,
                "Request body has a string with a lone surrogate escape (such as \\ud800): strings must be valid Unicode");
            yield return new($"lone surrogate escape in a key on {route}", route, "application/json", Utf8("""{"a\udc00":"x"}"""), false, 400,
                "Request body has a string with a lone surrogate escape");
        }

        var deep = Utf8("{\"envs\":" + new string('[', 64) + new string(']', 64) + "}");
        foreach (var route in new[] { Install, Cancel, Uninstall, Settings, AddSource })
        {
            yield return new($"depth 65 on {route}", route, "application/json", deep, false, 400, "Request body is nested deeper than 64 levels");
        }

        foreach (var chunk in new[] { "ffffffffffffffff", "10000000000000000", "zz", "-1" })
        {
            foreach (var route in new[] { Install, Cancel, AddSource })
            {
                yield return new($"chunk size {chunk} on {route}", route, "application/json", Utf8($"{chunk}\r\n{{}}\r\n0\r\n\r\n"), true, 400, "Malformed request body");
            }
        }

        yield return new("chunk size overflow on an upload", "POST /app-store/api/v2/apps/upload", "multipart/form-data; boundary=xyz",
            Utf8("ffffffffffffffff\r\n--xyz\r\n0\r\n\r\n"), true, 400, "Failed to parse form data");
        yield return new("malformed JSON keeps the route's message", Install, "application/json", Utf8("{\"source\":"), false, 400, "Invalid request format");
    }

    [TestCaseSource(nameof(Corpus))]
    public async Task Hostile_requests_get_a_4xx_envelope_naming_the_problem(Case hostile)
    {
        var user = hostile.Route == AddSource ? "admin" : "alice";
        var framing = hostile.Chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {hostile.Body.Length}";
        var type = hostile.ContentType is null ? string.Empty : $"\nContent-Type: {hostile.ContentType}";
        var answer = await RawHttp.SendAsync(_port, $"{hostile.Route} HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: {user}\n{framing}{type}", hostile.Body);

        Assert.That(answer.Status, Is.EqualTo(hostile.Status), answer.Body);
        Assert.That(answer.Envelope()["message"]!.GetValue<string>(), Does.StartWith(hostile.Message));
    }

    [Test]
    public async Task Nesting_of_exactly_64_levels_is_not_refused_for_depth()
    {
        var body = Utf8(new string('[', 64) + new string(']', 64));

        var answer = await RawHttp.SendAsync(_port, $"{Cancel} HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: alice\nContent-Length: {body.Length}\nContent-Type: application/json", body);

        Assert.That(answer.Status, Is.LessThan(500), answer.Body);
        Assert.That(answer.Envelope()["message"]!.GetValue<string>(), Does.Not.Contain("nested"));
    }

    [TestCase("application/json; charset=utf-8")]
    [TestCase("application/json; charset=\"UTF-8\"")]
    [TestCase("application/json;charset=utf8")]
    [TestCase("text/plain")]
    [TestCase("application/merge-patch+json")]
    public async Task Utf8_json_in_any_spelling_is_read(string contentType)
    {
        var body = Utf8("""{"selected_source":"market.olares","nsfw":true}""");

        var answer = await RawHttp.SendAsync(_port, $"{Settings} HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: bob\nContent-Length: {body.Length}\nContent-Type: {contentType}", body);

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
        Assert.That(answer.Envelope()["success"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_valid_chunked_body_is_read()
    {
        var answer = await RawHttp.SendAsync(_port, $"{Settings} HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: carol\nTransfer-Encoding: chunked\nContent-Type: application/json",
            RawHttp.Chunked("""{"selected_source":""", "\"market.olares\"}"));

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
    }

    [Test]
    public async Task Framework_statuses_that_reach_the_app_are_envelopes()
    {
        var longPath = "/app-store/api/v2/" + new string('a', 5000);
        var answer = await RawHttp.SendAsync(_port, $"GET {longPath} HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: alice");
        Assert.That(answer.Status, Is.EqualTo(404));
        answer.Envelope();

        var xml = Utf8("<q/>");
        answer = await RawHttp.SendAsync(_port, $"POST /app-store/api/v2/apps/open HTTP/1.1\nHost: 127.0.0.1\nX-Bfl-User: alice\nContent-Length: {xml.Length}\nContent-Type: text/xml", xml);
        Assert.That(answer.Status, Is.EqualTo(415));
        Assert.That(answer.Envelope()["message"]!.GetValue<string>(), Is.EqualTo("Unsupported content type 'text/xml': send application/json"));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
