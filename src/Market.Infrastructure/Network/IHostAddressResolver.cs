using System.Net;

namespace Market.Infrastructure.Network;

/// <summary>Resolves a host name to its addresses; a port so that tests can play DNS without a network.</summary>
public interface IHostAddressResolver
{
    /// <summary>The addresses of <paramref name="host"/>; empty when the name does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
internal sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return [];
        }
    }
}
