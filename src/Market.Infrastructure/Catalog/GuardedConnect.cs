using System.Net;
using System.Net.Sockets;
using Market.Application.Common.Options;
using Market.Infrastructure.Network;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Catalog;

/// <summary>
/// Connects to a remote source only on addresses that are not internal, checked on the address actually
/// dialled (after DNS), so a name that later resolves to 127.0.0.1 or 10.x cannot be used for SSRF
/// (DNS rebinding). <c>Market:Sources:AllowPrivateNetworks</c> lifts the rule for tests and labs.
/// </summary>
internal static class GuardedConnect
{
    public static SocketsHttpHandler CreateHandler(IOptionsMonitor<SourcesOptions> options) =>
        CreateHandler(() => options.CurrentValue.AllowPrivateNetworks);

    /// <summary>The same guard with its own switch (webhook delivery has <c>Market:Notifications:AllowPrivateNetworks</c>).</summary>
    public static SocketsHttpHandler CreateHandler(Func<bool> allowPrivateNetworks) => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivateNetworks(), ct),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !RemoteUrlGuard.IsInternal(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(addresses.Length == 0
                ? $"{host} does not resolve"
                : $"{host} resolves to a private or loopback address, which is not allowed");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"cannot connect to {host}: {last?.Message}", last);
    }
}
