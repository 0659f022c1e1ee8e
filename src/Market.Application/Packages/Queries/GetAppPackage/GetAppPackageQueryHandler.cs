using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Packages.Models;
using Market.Domain.Packages.Manifests;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Packages.Queries.GetAppPackage;

public sealed class GetAppPackageQueryHandler(IMarketDbContext db, IPackageStore store, IRemoteMarketClient remote) : IQueryHandler<GetAppPackageQuery, PackageDownload>
{
    public async ValueTask<PackageDownload> Handle(GetAppPackageQuery query, CancellationToken cancellationToken)
    {
        var candidates = db.AppPackages.AsNoTracking()
            .Where(p => p.Name == query.Name && (p.Owner == query.User || p.Owner == string.Empty));
        if (!string.IsNullOrEmpty(query.Source))
        {
            candidates = candidates.Where(p => p.SourceId == query.Source);
        }

        if (!string.IsNullOrEmpty(query.Version))
        {
            candidates = candidates.Where(p => p.Version == query.Version);
        }

        var package = (await candidates.ToListAsync(cancellationToken))
            .OrderByDescending(p => p.Owner == query.User)
            .ThenByDescending(p => SemanticVersion.ParseOrNull(p.Version) ?? SemanticVersion.Create(0, 0, 0))
            .FirstOrDefault();
        if (package is null)
        {
            // Not uploaded here: a remote source's app is downloaded from that source.
            return await RemoteChartDownload.TryAsync(db, remote, query, cancellationToken) ?? throw NotFound();
        }

        var content = await store.OpenReadAsync(package.StorageKey, cancellationToken) ?? throw NotFound();
        return new PackageDownload(content, $"{package.Name}-{package.Version}.tgz", package.Size);
    }

    /// <summary>The newer backend's message, which <c>olares-cli market download</c> matches (newer-clients §1).</summary>
    public const string ChartNotFound = "Chart not found";

    private static NotFoundException NotFound() => new(ChartNotFound);
}
