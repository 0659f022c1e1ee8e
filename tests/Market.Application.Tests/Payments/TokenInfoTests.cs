using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Payments;
using Market.Domain.Payments;

namespace Market.Application.Tests.Payments;

/// <summary>token_info from the price config, enriched by the developer directory; RSA keys as PEM.</summary>
public sealed class TokenInfoTests
{
    private static readonly PriceConfig Price = PriceConfig.Parse("""
        {"developer":"d","paid":{"product_id":"p1","price":[{"chain":"optimism","token_symbol":"USDC","receive_wallet":"0xw","product_price":"5"}]},
         "products":[{"product_id":"p1","price":[{"chain":"base","token_symbol":"ETH"}]}]}
        """)!;

    [Test]
    public void Price_entries_are_enriched_by_the_matching_chain_of_the_directory()
    {
        var developer = new DeveloperInfo("0x01", [new DeveloperProduct("p1", [new JsonObject
        {
            ["chain"] = "optimism", ["token_symbol"] = "USDC", ["token_decimals"] = 6, ["token_contract"] = "0xc", ["token_amount"] = "5000000", ["token_icon"] = "i",
        }])]);

        var tokens = TokenInfo.Build(Price, "p1", developer);

        Assert.That(tokens.ToJsonString(), Is.EqualTo(
            """[{"chain":"optimism","token_symbol":"USDC","token_decimals":6,"token_contract":"0xc","token_amount":"5000000","token_icon":"i","receive_wallet":"0xw"},{"chain":"base","token_symbol":"ETH","token_decimals":0}]"""));
    }

    [Test]
    public void Without_the_directory_the_price_config_answers_alone() =>
        Assert.That(TokenInfo.Build(Price, "p1", null)[0]!.ToJsonString(),
            Is.EqualTo("""{"chain":"optimism","token_symbol":"USDC","token_decimals":0,"token_amount":"5","receive_wallet":"0xw"}"""));

    [Test]
    public void Without_a_price_config_the_directory_answers_alone()
    {
        var developer = new DeveloperInfo(null, [new DeveloperProduct("p1", [new JsonObject { ["chain"] = "c", ["token_symbol"] = "T", ["token_decimals"] = 2 }])]);
        Assert.That(TokenInfo.Build(null, "p1", developer).ToJsonString(), Is.EqualTo("""[{"chain":"c","token_symbol":"T","token_decimals":2}]"""));
    }

    [Test]
    public void A_hex_key_becomes_a_pem_block_and_anything_else_stays_as_it_is()
    {
        var key = "0x" + new string('a', 100);
        var pem = PaymentData.ToPem("\"" + key + "\"");
        var lines = pem.Split('\n');
        Assert.That(lines[0], Is.EqualTo("-----BEGIN RSA PUBLIC KEY-----"));
        Assert.That(lines[^1], Is.EqualTo("-----END RSA PUBLIC KEY-----"));
        Assert.That(lines[1], Has.Length.EqualTo(64));
        Assert.That(string.Concat(lines[1..^1]), Is.EqualTo(Convert.ToBase64String(Convert.FromHexString(key[2..]))));
        Assert.That(PaymentData.ToPem("not-hex"), Is.EqualTo("not-hex"));
    }
}
