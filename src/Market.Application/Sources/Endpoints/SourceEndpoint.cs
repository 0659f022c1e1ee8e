using System.Net;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Endpoints;

/// <summary>
/// Which server a source URL reaches, whatever its spelling: scheme, port (the scheme's default when left out),
/// path without trailing slashes, and the host lower-cased without a trailing dot, with every spelling of this
/// machine (<c>localhost</c>, names under <c>.localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>, IPv4-mapped forms)
/// read as one loopback host. Two sources on the same endpoint would be one server added twice.
/// </summary>
public static class SourceEndpoint
{
    private const string Loopback = "loopback";

    /// <summary>The comparable key of <paramref name="url"/>.</summary>
    public static string KeyOf(Uri url)
    {
        var host = url.Host.Trim().TrimEnd('.').ToLowerInvariant();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            host = Loopback;
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            host = IPAddress.IsLoopback(address) ? Loopback : address.ToString();
        }

        var path = url.AbsolutePath.TrimEnd('/');
        return $"{url.Scheme.ToLowerInvariant()}://{host}:{url.Port}{path.ToLowerInvariant()}";
    }

    /// <summary>Refuses (409) a URL that reaches a server already registered as a source, naming that source.</summary>
    public static async Task EnsureNotRegisteredAsync(IMarketDbContext db, Uri url, CancellationToken cancellationToken)
    {
        var key = KeyOf(url);
        var registered = (await db.MarketSources.AsNoTracking().Select(s => new { s.Id, s.BaseUrl }).ToListAsync(cancellationToken))
            .FirstOrDefault(s => Uri.TryCreate(s.BaseUrl.Trim(), UriKind.Absolute, out var existing) && KeyOf(existing) == key);
        if (registered is not null)
        {
            throw new ConflictException(AlreadyRegistered(registered.Id));
        }
    }

    /// <summary>The 409 message of a second spelling of a registered source.</summary>
    public static string AlreadyRegistered(string sourceId) => $"base_url: already registered as market source '{sourceId}'";
}
