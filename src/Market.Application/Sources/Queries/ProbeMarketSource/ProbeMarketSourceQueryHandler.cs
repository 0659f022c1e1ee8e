using System.Diagnostics;
using Market.Application.Catalog.Commands.SyncMarketSource;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Endpoints;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Market.Application.Common.Json;

namespace Market.Application.Sources.Queries.ProbeMarketSource;

public sealed class ProbeMarketSourceQueryHandler(
    IMarketDbContext db,
    IRemoteUrlGuard urlGuard,
    IRemoteMarketClient remote,
    ISystemStatusProvider system,
    IOptionsMonitor<SourcesOptions> options) : IQueryHandler<ProbeMarketSourceQuery, MarketSourceProbeDto>
{
    public async ValueTask<MarketSourceProbeDto> Handle(ProbeMarketSourceQuery query, CancellationToken cancellationToken)
    {
        var baseUrl = query.BaseUrl!.Trim().TrimEnd('/');
        var url = new Uri(baseUrl);

        // Plain http is only for labs, where private networks are allowed too.
        if (url.Scheme != Uri.UriSchemeHttps && !options.CurrentValue.AllowPrivateNetworks)
        {
            throw new BadRequestException("base_url: must use https");
        }

        var refusal = await urlGuard.CheckAsync(url, cancellationToken);
        if (refusal is not null)
        {
            throw new BadRequestException($"base_url: {refusal}");
        }

        await SourceEndpoint.EnsureNotRegisteredAsync(db, url, cancellationToken);

        var olaresVersion = await system.GetOlaresVersionAsync(cancellationToken);
        RemoteCatalogIndex index;
        var watch = Stopwatch.StartNew();
        try
        {
            // v2 first, as the sync does; a 404 there is a v1 source.
            var catalogV2 = await remote.GetCatalogV2Async(url, string.Empty, olaresVersion, cancellationToken);
            if (catalogV2 is null)
            {
                await remote.GetHashAsync(url, olaresVersion, cancellationToken);
            }

            watch.Stop();
            index = catalogV2 is not null
                ? await RemoteCatalogV2.ReadAsync(remote, url, catalogV2, olaresVersion, cancellationToken)
                : RemoteCatalogInfo.Index(await remote.GetInfoAsync(url, olaresVersion, cancellationToken));
        }
        catch (RemoteMarketException ex)
        {
            throw new BadRequestException(ex.Kind == SourceHealth.Unreachable
                ? $"base_url: the source is unreachable ({ex.Message})"
                : $"base_url: the URL does not serve the market protocol ({ex.Message})");
        }

        var labels = index.Labels;
        var name = labels.DisplayName.Length > 0 ? labels.DisplayName : url.Host;
        return new MarketSourceProbeDto(baseUrl, name, labels.DisplayName, labels.ShortLabel, labels.Icon, index.Summaries.Count, index.Hash, index.Version, watch.ElapsedMilliseconds);
    }
}
