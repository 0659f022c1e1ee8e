using Market.Application.Common.Interfaces;
using Market.Application.Runtime.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Runtime.Commands.CleanupCatalog;

/// <summary>
/// <c>POST /cleanup</c>: removes catalog rows and sync snapshots left behind by sources that no longer
/// exist (the original's cleanup was a no-op). Nobody can see those rows, so a broadcast is sent only
/// to keep every replica's cache exact.
/// </summary>
public sealed record CleanupCatalogCommand : ICommand<CleanupResultDto>;

public sealed class CleanupCatalogCommandHandler(IMarketDbContext db, IMarketEventBus events) : ICommandHandler<CleanupCatalogCommand, CleanupResultDto>
{
    public async ValueTask<CleanupResultDto> Handle(CleanupCatalogCommand command, CancellationToken cancellationToken)
    {
        var sourceIds = await db.MarketSources.Select(s => s.Id).ToListAsync(cancellationToken);
        var orphanApps = await db.CatalogApps.Where(a => !sourceIds.Contains(a.SourceId)).ToListAsync(cancellationToken);
        var orphanSnapshots = await db.SourceSnapshots.Where(s => !sourceIds.Contains(s.SourceId)).ToListAsync(cancellationToken);
        var cleaned = orphanApps.Count + orphanSnapshots.Count;
        if (cleaned == 0)
        {
            return new CleanupResultDto(0);
        }

        db.CatalogApps.RemoveRange(orphanApps);
        db.SourceSnapshots.RemoveRange(orphanSnapshots);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(RuntimeEvents.CatalogCleaned(cleaned), cancellationToken);
        return new CleanupResultDto(cleaned);
    }
}
