using System.Reflection;
using System.Text.RegularExpressions;
using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Microsoft.Extensions.Configuration;

namespace Market.Infrastructure.Diagnostics;

/// <summary>
/// The <c>Market:*</c> settings for a bug report. A key that names a secret (password, secret, token, key, connection
/// string, credential) shows only <c>***</c>; any other value is scrubbed and has the password of a URL masked.
/// </summary>
internal sealed partial class MarketConfigurationView(IConfiguration configuration) : IMarketConfigurationView
{
    public string Version { get; } =
        typeof(MarketConfigurationView).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public IReadOnlyDictionary<string, string> MaskedSettings() =>
        configuration.GetSection("Market").AsEnumerable(makePathsRelative: false)
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => Mask(p.Key, p.Value!), StringComparer.Ordinal);

    private static string Mask(string key, string value) =>
        SecretKey().IsMatch(key) ? SecretScrubber.Mask : UrlPassword().Replace(SecretScrubber.Scrub(value) ?? string.Empty, "://${user}:" + SecretScrubber.Mask + "@");

    [GeneratedRegex(@"password|passwd|secret|token|apikey|api_key|privatekey|credential|connectionstring|connection$|:key$|signingkey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"://(?<user>[^:/@\s]+):[^@\s]+@")]
    private static partial Regex UrlPassword();
}
