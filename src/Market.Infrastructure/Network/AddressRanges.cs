using System.Net;
using System.Net.Sockets;

namespace Market.Infrastructure.Network;

/// <summary>Which internal range an address lies in (loopback, private, link-local …), or null for a public address.</summary>
public static class AddressRanges
{
    public static string? InternalKind(IPAddress address)
    {
        address = HostNormalizer.Unmap(address);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? IPv6Kind(address) : IPv4Kind(address.GetAddressBytes());
    }

    private static string? IPv6Kind(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal)
        {
            return "link-local";
        }

        if (address.IsIPv6Multicast)
        {
            return "multicast";
        }

        if (address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
        {
            return "private";
        }

        // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that may be internal.
        if (b.Take(12).All(x => x == 0))
        {
            return IPv4Kind(b[12..]);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return IPv4Kind(b[12..]);
        }

        return b[0] == 0x20 && b[1] == 0x02 ? IPv4Kind(b[2..6]) : null;
    }

    private static string? IPv4Kind(byte[] b) => b switch
    {
        [0, ..] => "unspecified",
        [127, ..] => "loopback",
        [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "private",
        [100, >= 64 and <= 127, ..] => "private", // carrier-grade NAT
        [169, 254, ..] => "link-local",
        [192, 0, 0, ..] or [198, 18 or 19, ..] => "private", // IETF protocol assignments, benchmarking
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved",
        _ => null,
    };
}
