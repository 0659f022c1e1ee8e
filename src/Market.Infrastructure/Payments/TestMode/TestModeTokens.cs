using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Payments.TestMode;

/// <summary>Synthetic DIDs and HS256 JWTs signed with this installation's key: test-mode stand-ins for real signatures and licences.</summary>
internal sealed class TestModeTokens(IPaymentKeys keys, TimeProvider clock)
{
    public static string DidOf(string name) => "did:test:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32];

    public async Task<string> SignAsync(JsonObject claims, CancellationToken cancellationToken)
    {
        claims["iat"] = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var key = SHA256.HashData([.. await keys.GetCallbackKeyAsync(cancellationToken), .. "test-mode-tokens"u8]);
        var signature = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
