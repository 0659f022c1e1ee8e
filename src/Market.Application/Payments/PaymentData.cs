using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments;

/// <summary>
/// <c>payment_data</c> for the frontend: <c>{from: user DID, to: developer DID, product: [{product_id}],
/// rsa_public_key?, price_config?, token_info?}</c>. The user's DID is the DID gate's answer for the last
/// three labels of the forwarded host.
/// </summary>
public sealed class PaymentData(IDidGate dids, IDeveloperDirectory directory)
{
    /// <summary>Developer info for answers (cached by the directory); null when unavailable.</summary>
    public Task<DeveloperInfo?> DeveloperAsync(Purchase purchase, string? sourceBaseUrl, CancellationToken cancellationToken) =>
        purchase.DeveloperName.Length == 0 ? Task.FromResult<DeveloperInfo?>(null) : directory.GetAsync(sourceBaseUrl, purchase.DeveloperName, cancellationToken);

    /// <summary>Throws <see cref="PaymentPartyException"/> when a DID is missing or cannot be resolved.</summary>
    public async Task<JsonObject> BuildAsync(Purchase purchase, string? host, PaidApp? app, DeveloperInfo? developer, CancellationToken cancellationToken)
    {
        if (!purchase.HasValidDeveloperDid)
        {
            throw new PaymentPartyException("invalid developer DID");
        }

        var domain = string.IsNullOrEmpty(host) ? null : ForwardedHost.UserDomainOf(host);
        if (domain is null)
        {
            throw new PaymentPartyException("user DID cannot be resolved from X-Forwarded-Host");
        }

        var user = await dids.LookupAsync(domain, cancellationToken);
        var data = new JsonObject
        {
            ["from"] = user.Did,
            ["to"] = purchase.DeveloperDid,
            ["product"] = new JsonArray(new JsonObject { ["product_id"] = purchase.ProductId }),
        };
        if (app is null)
        {
            return data; // pushes carry the short form, as the original's
        }

        var key = developer?.CurrentRsaKey is { Length: > 0 } current ? current : purchase.DeveloperRsaKey;
        if (key.Length > 0)
        {
            data["rsa_public_key"] = ToPem(key);
        }

        data["price_config"] = app.Price?.Json.DeepClone();
        var tokens = TokenInfo.Build(app.Price, purchase.ProductId, developer);
        if (tokens.Count > 0)
        {
            data["token_info"] = tokens;
        }

        return data;
    }

    /// <summary>A hex key (<c>0x</c> optional, quotes stripped) as a PEM block; a key that is not hex is used as it is.</summary>
    public static string ToPem(string key)
    {
        var trimmed = key.Trim().Trim('"');
        var hex = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? trimmed[2..] : trimmed;
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return trimmed;
        }

        var base64 = Convert.ToBase64String(bytes);
        var pem = new StringBuilder("-----BEGIN RSA PUBLIC KEY-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return pem.Append("-----END RSA PUBLIC KEY-----").ToString();
    }
}
