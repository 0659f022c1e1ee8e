using System.Net;
using Market.Api.Tests.Infrastructure;
using Market.Infrastructure.Network;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Hostile;

/// <summary>Adding a remote source whose host names loopback in any spelling is a 400 naming the reason; nothing is stored.</summary>
public sealed class SourceUrlSsrfApiTests
{
    private const string Sources = HttpExtensions.Prefix + "/settings/market-source";

    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _admin = null!;
    private int _added;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new MarketApiFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IHostAddressResolver, RemoteUrlGuardTests.FakeResolver>()));
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-Bfl-User", "admin");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [TestCase("http://127.0.0.1.:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://localhost.:8080", "localhost is the loopback host")]
    [TestCase("http://127。0。0。1:8080", "127.0.0.1 is a loopback address")]
    [TestCase("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ:8080", "localhost is the loopback host")]
    [TestCase("http://2130706433/", "127.0.0.1 is a loopback address")]
    [TestCase("http://0x7f.1/", "127.0.0.1 is a loopback address")]
    [TestCase("http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address")]
    [TestCase("http://localtest.me:8080/", "localtest.me resolves to 127.0.0.1, a loopback address")]
    [TestCase("http://metadata.example/latest", "metadata.example resolves to 169.254.169.254, a link-local address")]
    public async Task Loopback_in_any_spelling_is_refused_at_add_time(string url, string reason)
    {
        var id = "market.ssrf" + Interlocked.Increment(ref _added);
        var response = await _admin.PostAsync(Sources, HttpExtensions.Json($$"""{"id":"{{id}}","base_url":"{{url}}"}"""));

        var envelope = await response.ReadEnvelopeAsync(HttpStatusCode.BadRequest);
        Assert.That(envelope.Message(), Is.EqualTo($"base_url: private or loopback addresses are not allowed ({reason})"));
        var list = await (await _admin.GetAsync(Sources)).ReadEnvelopeAsync(HttpStatusCode.OK);
        Assert.That(list.ToJsonString(), Does.Not.Contain(id));
    }

    [Test]
    public async Task A_public_host_is_added()
    {
        var response = await _admin.PostAsync(Sources, HttpExtensions.Json("""{"id":"market.public","base_url":"https://public.example/"}"""));

        await response.ReadEnvelopeAsync(HttpStatusCode.OK);
    }
}
