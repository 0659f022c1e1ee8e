using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Runtime.Commands.CleanupCatalog;

/// <summary>
/// <c>POST /cleanup</c>: removes catalog rows and sync snapshots left behind by sources that no longer
/// exist (the original's cleanup was a no-op). Foreign keys normally prevent such rows, so this is a
/// safety net (rows written while constraints were off, restored dumps) and usually answers 0. Nobody
/// can see those rows; the broadcast only keeps every replica's cache exact.
/// </summary>
public sealed record CleanupCatalogCommand : ICommand<CleanupResultDto>;

public sealed class CleanupCatalogCommandHandler(IMarketDbContext db, IMarketEventBus events) : ICommandHandler<CleanupCatalogCommand, CleanupResultDto>
{
    public async ValueTask<CleanupResultDto> Handle(CleanupCatalogCommand command, CancellationToken cancellationToken)
    {
        var sourceIds = await db.MarketSources.Select(s => s.Id).ToListAsync(cancellationToken);
        var cleaned = await db.CatalogApps.Where(a => !sourceIds.Contains(a.SourceId)).ExecuteDeleteAsync(cancellationToken)
            + await db.SourceSnapshots.Where(s => !sourceIds.Contains(s.SourceId)).ExecuteDeleteAsync(cancellationToken);
        if (cleaned == 0)
        {
            return new CleanupResultDto(0);
        }

        await events.PublishAsync(RuntimeEvents.CatalogCleaned(cleaned), cancellationToken);
        return new CleanupResultDto(cleaned);
    }
}
