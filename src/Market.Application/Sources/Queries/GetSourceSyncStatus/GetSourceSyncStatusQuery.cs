using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Sources.Models;
using Mediator;
using Microsoft.Extensions.Options;

namespace Market.Application.Sources.Queries.GetSourceSyncStatus;

/// <summary>Sync health of every remote source (status, last sync, last success, last error, app count, held-back apps), for the runtime views.</summary>
public sealed record GetSourceSyncStatusQuery : IQuery<IReadOnlyList<SourceSyncStatusDto>>;

public sealed class GetSourceSyncStatusQueryHandler(IMarketDbContext db, IHotStateStore hotState, IOptionsMonitor<SourcesOptions> options, TimeProvider clock)
    : IQueryHandler<GetSourceSyncStatusQuery, IReadOnlyList<SourceSyncStatusDto>>
{
    public async ValueTask<IReadOnlyList<SourceSyncStatusDto>> Handle(GetSourceSyncStatusQuery query, CancellationToken cancellationToken) =>
        await SourceHealthReader.ReadAsync(db, hotState, options.CurrentValue, clock.GetUtcNow().UtcDateTime, null, cancellationToken);
}
