using System.Net;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Docs;

/// <summary>
/// The API reference is complete: every route has a summary, a description and envelope schemas for success and errors;
/// X-Bfl-User is the security scheme Scalar's "Test Request" fills in; optional bodies are bodies; optional fields are optional.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private MarketApiFactory _factory = null!;
    private JsonNode _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _factory = new MarketApiFactory();
        using var client = _factory.CreateClient();
        _document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
    }

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    [Test]
    public void Every_route_has_a_summary_a_description_and_a_success_and_error_schema()
    {
        var operations = Operations().ToList();
        Assert.That(operations, Has.Count.GreaterThan(40));
        Assert.Multiple(() =>
        {
            foreach (var (route, operation) in operations)
            {
                Assert.That(operation["summary"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{route}: summary");
                Assert.That(operation["description"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{route}: description");
                var success = operation["responses"]?["200"]?["content"]?.AsObject().FirstOrDefault().Value?["schema"];
                Assert.That(success, Is.Not.Null, $"{route}: 200 response schema");
                var error = operation["responses"]?["400"]?["content"]?["application/json"]?["schema"];
                Assert.That(error?["properties"]?["success"], Is.Not.Null, $"{route}: error envelope schema");
                Assert.That(error?["properties"]?["message"], Is.Not.Null, $"{route}: error envelope schema");
            }
        });
    }

    [Test]
    public void Json_answers_are_envelopes()
    {
        var (_, install) = Operations().Single(o => o.Route == "POST /app-store/api/v2/apps/{id}/install");
        var schema = install["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "success", "message", "data" }));
        Assert.That(schema["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "success", "message" }));
    }

    [Test]
    public void X_Bfl_User_is_the_security_scheme_of_every_route()
    {
        var scheme = _document["components"]!["securitySchemes"]!["X-Bfl-User"]!;
        Assert.That(scheme["type"]!.GetValue<string>(), Is.EqualTo("apiKey"));
        Assert.That(scheme["in"]!.GetValue<string>(), Is.EqualTo("header"));
        Assert.That(scheme["name"]!.GetValue<string>(), Is.EqualTo("X-Bfl-User"));
        Assert.That(_document["security"]!.AsArray().Single()!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "X-Bfl-User" }));

        // The document's requirement holds for an operation unless it names its own (an empty list would opt out).
        var optedOut = Operations()
            .Where(o => o.Operation["security"] is JsonArray own && !own.OfType<JsonObject>().Any(r => r.ContainsKey("X-Bfl-User")))
            .Select(o => o.Route)
            .ToList();
        Assert.That(optedOut, Is.Empty, "routes whose Test Request would not send X-Bfl-User");
    }

    [Test]
    public async Task The_reference_page_loads_its_script_from_Market_itself()
    {
        using var client = _factory.CreateClient();
        var page = await client.GetStringAsync("/scalar/");
        Assert.That(page, Does.Contain("<script src=\"scalar.js\"></script>"), "no CDN: the box has no internet");
        Assert.That(page, Does.Not.Contain("https://"), page);
        using var script = await client.GetAsync("/scalar/scalar.js");
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(script.Content.Headers.ContentType?.MediaType, Does.Contain("javascript"));
    }

    [Test]
    public async Task Scalar_prefers_the_X_Bfl_User_scheme_and_a_request_with_it_answers_200()
    {
        using var client = _factory.CreateClient();
        Assert.That(await client.GetStringAsync("/scalar/"), Does.Contain("\"preferredSecurityScheme\":[\"X-Bfl-User\"]"));

        // What "Test Request" sends once the scheme has a value.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app-store/api/v2/settings/market-source");
        request.Headers.Add("X-Bfl-User", "admin");
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("DELETE /app-store/api/v2/apps/{id}/install")]
    [TestCase("DELETE /app-store/api/v2/apps/{id}")]
    public void Optional_delete_bodies_are_bodies_not_a_query_parameter(string route)
    {
        var (_, operation) = Operations().Single(o => o.Route == route);
        var parameters = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()) ?? [];
        Assert.That(parameters, Does.Not.Contain("body"));
        Assert.That(operation["requestBody"]!["required"]?.GetValue<bool>() ?? false, Is.False);
        Assert.That(operation["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!["app_name"], Is.Not.Null);
    }

    [Test]
    public void Optional_request_fields_are_not_required()
    {
        var required = _document["components"]!["schemas"]!["InstallAppRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>());
        Assert.That(required, Is.EquivalentTo(new[] { "source", "app_name", "version" }));
        var resume = _document["components"]!["schemas"]!["AppControlRequest"]!["required"]?.AsArray() ?? [];
        Assert.That(resume, Is.Empty);
    }

    private IEnumerable<(string Route, JsonNode Operation)> Operations() =>
        _document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(method => ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!)));
}
