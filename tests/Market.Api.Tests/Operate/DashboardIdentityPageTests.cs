using System.Net;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Operate;

/// <summary>A dashboard opened in a browser without an identity says how to get one; API clients keep the 401 envelope.</summary>
public sealed class DashboardIdentityPageTests
{
    [TestCase("/runtime/dashboard")]
    [TestCase("/runtime/dashboard-app")]
    public async Task A_browser_without_identity_gets_a_page_naming_the_ways_to_get_one(string path)
    {
        using var factory = new MarketApiFactory();
        using var browser = factory.CreateRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, HttpExtensions.Prefix + path);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await browser.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("X-Bfl-User").And.Contain("Market__Auth__LocalUser=admin dotnet run --project src/Market.Api"));

        using var api = await browser.GetAsync(HttpExtensions.Prefix + path);
        await api.ReadEnvelopeAsync(HttpStatusCode.Unauthorized);
    }
}
