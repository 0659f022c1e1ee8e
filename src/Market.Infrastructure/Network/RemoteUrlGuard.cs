using System.Net;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Network;

/// <summary>
/// Refuses remote-source URLs whose host is, or resolves to, a loopback, private, link-local, multicast,
/// unspecified or reserved address, unless <c>Market:Sources:AllowPrivateNetworks</c> is on (SSRF guard).
/// The host is normalized first (<see cref="HostNormalizer"/>), so <c>127。0。0。1</c>, <c>localhost.</c>,
/// <c>ⓛⓞⓒⓐⓛⓗⓞⓢⓣ</c>, <c>0x7f.1</c> and <c>[::ffff:127.0.0.1]</c> are seen for what they are. A name
/// that does not resolve now (no network, say) passes: the sync re-checks every address it dials
/// (<c>GuardedConnect</c>), which also stops a name re-pointed later (DNS rebinding).
/// </summary>
internal sealed class RemoteUrlGuard(IOptionsMonitor<SourcesOptions> options, IHostAddressResolver resolver) : IRemoteUrlGuard
{
    public const string Refusal = "private or loopback addresses are not allowed";

    public ValueTask<string?> CheckAsync(Uri url, CancellationToken cancellationToken) =>
        CheckAsync(url, options.CurrentValue.AllowPrivateNetworks, cancellationToken);

    public async ValueTask<string?> CheckAsync(Uri url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (allowPrivateNetworks)
        {
            return null;
        }

        if (HostNormalizer.Normalize(url.Host) is not { } host)
        {
            return $"{Refusal} (the host '{url.Host}' is not a valid host name)";
        }

        if (host.Address is { } literal)
        {
            return AddressRanges.InternalKind(literal) is { } kind ? $"{Refusal} ({host.Name} is {Described(kind)})" : null;
        }

        // RFC 6761: every name under localhost is the loopback, whatever a resolver says.
        if (host.Name == "localhost" || host.Name.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return $"{Refusal} ({host.Name} is the loopback host)";
        }

        foreach (var address in await resolver.ResolveAsync(host.Name, cancellationToken))
        {
            if (AddressRanges.InternalKind(address) is { } kind)
            {
                return $"{Refusal} ({host.Name} resolves to {HostNormalizer.Unmap(address)}, {Described(kind)})";
            }
        }

        return null;
    }

    private static string Described(string kind) => (kind[0] is 'u' ? "an " : "a ") + kind + " address";

    /// <summary>True for addresses a remote market must never point at.</summary>
    public static bool IsInternal(IPAddress address) => AddressRanges.InternalKind(address) is not null;
}
