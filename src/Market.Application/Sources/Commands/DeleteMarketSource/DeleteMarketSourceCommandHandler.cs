using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Models;
using Market.Application.Sources.Queries.GetMarketSources;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Commands.DeleteMarketSource;

public sealed class DeleteMarketSourceCommandHandler(IMarketDbContext db, IMarketEventBus events, TimeProvider clock)
    : ICommandHandler<DeleteMarketSourceCommand, MarketSourcesConfigDto>
{
    public async ValueTask<MarketSourcesConfigDto> Handle(DeleteMarketSourceCommand command, CancellationToken cancellationToken)
    {
        var source = await db.MarketSources.FirstOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException($"source with ID {command.Id} not found");
        source.EnsureDeletable();

        // Users who selected the removed source fall back to the built-in remote.
        var now = clock.GetUtcNow().UtcDateTime;
        var fallback = await db.MarketSources.FirstAsync(s => s.Id == MarketSource.OfficialId, cancellationToken);
        var affected = await db.UserSettings.Where(s => s.SelectedSource == source.Id).ToListAsync(cancellationToken);
        foreach (var settings in affected)
        {
            settings.Select(fallback, settings.Nsfw, now);
        }

        db.CatalogApps.RemoveRange(db.CatalogApps.Where(a => a.SourceId == source.Id));
        db.SourceSnapshots.RemoveRange(db.SourceSnapshots.Where(s => s.SourceId == source.Id));
        db.MarketSources.Remove(source);
        await db.SaveChangesAsync(cancellationToken);

        await events.PublishAsync(SourceEvents.SourcesChanged(source.Id, "deleted"), cancellationToken);
        return await MarketSourcesConfigReader.ReadAsync(db, cancellationToken);
    }
}
