using System.Net;
using System.Net.Sockets;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Network;

/// <summary>
/// Refuses remote-source URLs whose host is, or resolves to, a loopback, private, link-local or
/// otherwise internal address, unless <c>Market:Sources:AllowPrivateNetworks</c> is on (SSRF guard).
/// </summary>
internal sealed class RemoteUrlGuard(IOptionsMonitor<SourcesOptions> options) : IRemoteUrlGuard
{
    public async ValueTask<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.AllowPrivateNetworks)
        {
            return null;
        }

        if (url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "private or loopback addresses are not allowed";
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.DnsSafeHost, cancellationToken);
            }
            catch (SocketException)
            {
                // Unresolvable now (no internet here, say); the sync re-checks every address it connects to.
                return null;
            }
        }

        return addresses.Any(IsInternal) ? "private or loopback addresses are not allowed" : null;
    }

    /// <summary>True for addresses a remote market must never point at.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224;
    }
}
