using System.Diagnostics;
using System.Text.Json.Nodes;
using Market.Application.Catalog.Sync;
using Market.Application.Catalog.Views;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Endpoints;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
        RemoteCatalogHash hash;
        JsonObject info;
        var watch = Stopwatch.StartNew();
        try
        {
            hash = await remote.GetHashAsync(url, olaresVersion, cancellationToken);
            watch.Stop();
            info = await remote.GetInfoAsync(url, olaresVersion, cancellationToken);
        }
        catch (RemoteMarketException ex)
        {
            throw new BadRequestException(ex.Kind == SourceHealth.Unreachable
                ? $"base_url: the source is unreachable ({ex.Message})"
                : $"base_url: the URL does not serve the market protocol ({ex.Message})");
        }

        var version = JsonRead.Str(info, "version");
        if (JsonRead.Str(info, "hash").Length == 0 || version.Length == 0)
        {
            throw new BadRequestException("base_url: the URL does not serve the market protocol (catalog info has no hash or version)");
        }

        var labels = RemoteCatalogInfo.ReadLabels(info);
        var name = labels.DisplayName.Length > 0 ? labels.DisplayName : url.Host;
        var apps = RemoteCatalogInfo.ReadSummaries(info["data"] as JsonObject).Count;
        return new MarketSourceProbeDto(baseUrl, name, labels.DisplayName, labels.ShortLabel, labels.Icon, apps, hash.Hash, version, watch.ElapsedMilliseconds);
    }
}
