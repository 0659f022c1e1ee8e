using Market.Application.Sources.Endpoints;

namespace Market.Application.Tests.Sources;

/// <summary>Two spellings of one server are one source (issue 16).</summary>
public sealed class SourceEndpointTests
{
    [TestCase("http://127.0.0.1:8080", "http://localhost:8080/")]
    [TestCase("http://127.0.0.1:8080", "http://LOCALHOST.:8080")]
    [TestCase("http://127.0.0.1:8080", "http://[::1]:8080")]
    [TestCase("http://127.0.0.1:8080", "http://[::ffff:127.0.0.1]:8080")]
    [TestCase("http://127.0.0.1:8080", "http://market.localhost:8080")]
    [TestCase("https://Market.Example/store/", "https://market.example:443/store")]
    public void Spellings_of_one_endpoint_have_one_key(string a, string b) =>
        Assert.That(SourceEndpoint.KeyOf(new Uri(b)), Is.EqualTo(SourceEndpoint.KeyOf(new Uri(a))));

    [TestCase("http://127.0.0.1:8080", "http://127.0.0.1:8081")]
    [TestCase("http://127.0.0.1:8080", "https://127.0.0.1:8080")]
    [TestCase("https://market.example/store", "https://market.example/other")]
    [TestCase("https://market.example", "https://mirror.example")]
    public void Different_endpoints_differ(string a, string b) =>
        Assert.That(SourceEndpoint.KeyOf(new Uri(b)), Is.Not.EqualTo(SourceEndpoint.KeyOf(new Uri(a))));
}
