using System.Security.Cryptography;
using System.Text;
using Market.Application.Common.Interfaces;
using Market.Application.Payments;

namespace Market.Application.Tests.Payments;

/// <summary>LarePass signs over these documents: the templates ship byte for byte and go out as the original's Go encoder writes them.</summary>
public sealed class SignRequestsTests
{
    [Test]
    public void The_templates_are_the_reference_documents_byte_for_byte()
    {
        Assert.That(Sha256(SignRequests.RawManifestTemplate), Is.EqualTo("46754da2aaaa1af0e19d770c1f4d4769981eba54fe4aac9274f35b8f3e14549d"));
        Assert.That(Sha256(SignRequests.RawSchemaTemplate), Is.EqualTo("13a7b6ce4005af0e59d6c58d89c5d7e5356ee05a7751dc635895efbbdb84cdac"));
    }

    [Test]
    public void The_sign_body_has_the_ids_injected_and_sorted_keys_at_every_level()
    {
        var body = SignRequests.SignBody(new SchemaIds("m-1", "pd-1", "avc-1"), "p1", "0xfeed");

        // Generated from the reference templates with Python's json.dumps(sort_keys=True, separators=(',', ':')).
        var expected = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Payments", "ExpectedSignBody.json"));
        Assert.That(body.ToJsonString(), Is.EqualTo(expected));
    }

    [Test]
    public void A_fetch_request_never_carries_the_tx_hash()
    {
        var body = SignRequests.SignBody(new SchemaIds("m", "pd", "avc"), "p1", null);
        Assert.That(body["application_verifiable_credential"]!.ToJsonString(), Is.EqualTo("""{"productId":"p1"}"""));
    }

    [Test]
    public void A_resign_request_is_flagged()
    {
        var ids = new SchemaIds("m", "pd", "avc");
        Assert.That(SignRequests.Sign("https://h/cb", SignRequests.SignBody(ids, "p1", null), isResign: true)["is_resign"]!.GetValue<bool>(), Is.True);
        Assert.That(SignRequests.Sign("https://h/cb", SignRequests.SignBody(ids, "p1", null), isResign: false).ContainsKey("is_resign"), Is.False);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
