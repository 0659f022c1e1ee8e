using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Sources.Endpoints;
using Market.Application.Sources.Models;
using Market.Application.Sources.Queries.GetMarketSources;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Sources.Commands.AddMarketSource;

public sealed class AddMarketSourceCommandHandler(
    IMarketDbContext db,
    IRemoteUrlGuard urlGuard,
    IMarketEventBus events,
    TimeProvider clock) : ICommandHandler<AddMarketSourceCommand, MarketSourcesConfigDto>
{
    public async ValueTask<MarketSourcesConfigDto> Handle(AddMarketSourceCommand command, CancellationToken cancellationToken)
    {
        var id = command.Id!.Trim();
        if (await db.MarketSources.AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw new ConflictException($"source with ID {id} already exists");
        }

        var url = new Uri(command.BaseUrl!.Trim());
        var refusal = await urlGuard.CheckAsync(url, cancellationToken);
        if (refusal is not null)
        {
            throw new BadRequestException($"base_url: {refusal}");
        }

        // The same server under a second spelling (localhost for 127.0.0.1 …) is a duplicate like a second id.
        await SourceEndpoint.EnsureNotRegisteredAsync(db, url, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var labels = SourceLabels.Of(command.DisplayName, command.ShortLabel, command.Icon);
        db.MarketSources.Add(MarketSource.AddRemote(id, command.Name?.Trim() ?? string.Empty, command.BaseUrl!.Trim(), command.Description ?? string.Empty, now, labels));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateRowException)
        {
            // Two admins adding the same id at once: the primary key decides.
            throw new ConflictException($"source with ID {id} already exists");
        }

        await events.PublishAsync(SourceEvents.SourcesChanged(id, "added"), cancellationToken);
        return await MarketSourcesConfigReader.ReadAsync(db, cancellationToken);
    }
}
