using System.Security.Cryptography;
using System.Text;

namespace Market.Domain.Apps;

/// <summary>How app-service and the original name things: ids are hex digests of names.</summary>
public static class AppIdentity
{
    /// <summary>Lower-case hex MD5 of <paramref name="value"/> (32 characters). An identifier, not a security digest.</summary>
#pragma warning disable CA5351 // app-service derives ids with MD5; we must produce the same ids
    public static string Md5Hex(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351

    /// <summary>The app id app-service gives an app: the first 8 hex characters of md5(name); it prefixes entrance hosts.</summary>
    public static string RuntimeAppId(string appName) => Md5Hex(appName)[..8];
}
