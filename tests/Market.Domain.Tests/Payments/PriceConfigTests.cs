using Market.Domain.Payments;

namespace Market.Domain.Tests.Payments;

/// <summary>The paid rule, the one product-id rule and the real-app-id rule shared by every payment route.</summary>
public sealed class PriceConfigTests
{
    [TestCase("""{"paid":{"price":[{"chain":"c"}]}}""", true)]
    [TestCase("""{"paid":{"price":"9.99"}}""", true)]
    [TestCase("""{"paid":{"price":[]}}""", false)]
    [TestCase("""{"paid":{}}""", false)]
    [TestCase("""{"products":[{"product_id":"p"}]}""", false)]
    public void Paid_means_a_paid_block_with_a_price(string json, bool paid) =>
        Assert.That(PriceConfig.Parse(json)!.IsPaid, Is.EqualTo(paid));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("{}")]
    [TestCase("null")]
    [TestCase("not json")]
    public void No_price_is_a_free_app(string? json) => Assert.That(PriceConfig.Parse(json), Is.Null);

    [TestCase("""{"paid":{"product_id":" pp ","price":"1"},"products":[{"product_id":"p0"}]}""", "pp")]
    [TestCase("""{"paid":{"price":"1"},"products":[{"product_id":"p0"},{"product_id":"p1"}]}""", "p0")]
    [TestCase("""{"paid":{"price":"1"}}""", "real")]
    [TestCase("""{"paid":{"price":"1"},"products":[{"product_id":""}]}""", "real")]
    public void Product_id_rule(string json, string expected) =>
        Assert.That(PriceConfig.Parse(json)!.ProductIdFor("real"), Is.EqualTo(expected));

    [TestCase("entry-id", "route-id", "entry-id")]
    [TestCase("", "route-id", "route-id")]
    [TestCase(null, "route-id", "route-id")]
    public void Real_app_id_rule(string? entryId, string requested, string expected) =>
        Assert.That(PriceConfig.RealAppId(entryId, requested), Is.EqualTo(expected));

    [Test]
    public void Developer_name_is_trimmed() =>
        Assert.That(PriceConfig.Parse("""{"developer":"  dev.olares.com ","paid":{"price":"1"}}""")!.DeveloperName, Is.EqualTo("dev.olares.com"));

    [TestCase("market.alice.olares.com", true)]
    [TestCase("alice.olares.com", true)]
    [TestCase("localhost", true)]
    [TestCase("evil.com/path", false)]
    [TestCase("https://evil.com", false)]
    [TestCase("evil.com:8080", false)]
    [TestCase("evil.com\r\nX: y", false)]
    [TestCase("-evil.com", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void Forwarded_host_must_be_a_plain_host_name(string? host, bool valid) =>
        Assert.That(ForwardedHost.IsValid(host), Is.EqualTo(valid));

    [TestCase("market.alice.olares.com", "alice.olares.com")]
    [TestCase("a.b.market.alice.olares.com", "alice.olares.com")]
    [TestCase("olares.com", null)]
    public void User_domain_is_the_last_three_labels(string host, string? expected) =>
        Assert.That(ForwardedHost.UserDomainOf(host), Is.EqualTo(expected));
}
