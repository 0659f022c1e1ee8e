using System.Text.RegularExpressions;

namespace Market.Domain.Payments;

/// <summary>
/// <c>X-Forwarded-Host</c> goes into the callback URL LarePass posts to and names the payer's DID, so
/// it must be a plain DNS host name: labels of letters, digits and hyphens, no scheme, port, path,
/// user info, spaces or control characters.
/// </summary>
public static partial class ForwardedHost
{
    public const string InvalidMessage = "Invalid X-Forwarded-Host header";

    public static bool IsValid(string? host) => host is { Length: > 0 and <= 253 } && HostPattern().IsMatch(host);

    /// <summary>The last three labels (<c>market.alice.olares.com</c> → <c>alice.olares.com</c>): the user's DID name.</summary>
    public static string? UserDomainOf(string host)
    {
        var labels = host.Split('.');
        return labels.Length < 3 ? null : string.Join('.', labels[^3..]);
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
