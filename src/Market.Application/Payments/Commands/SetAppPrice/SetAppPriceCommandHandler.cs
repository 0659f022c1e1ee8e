using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.SetAppPrice;

public sealed class SetAppPriceCommandHandler(IMarketDbContext db, IMarketEventBus events, TimeProvider clock) : ICommandHandler<SetAppPriceCommand, bool>
{
    public async ValueTask<bool> Handle(SetAppPriceCommand command, CancellationToken cancellationToken)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(command.PriceJson);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (parsed is not JsonObject || PriceConfig.Parse(command.PriceJson) is null)
        {
            throw new BadRequestException($"price config of {command.Name} is not a JSON object");
        }

        var compact = parsed.ToJsonString();
        var row = await db.CatalogApps.FirstOrDefaultAsync(a => a.SourceId == command.SourceId && a.Owner == string.Empty && a.Name == command.Name, cancellationToken)
            ?? throw new NotFoundException($"App {command.Name} not found in source '{command.SourceId}'");
        if (!row.SetPrice(compact, clock.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);

        // Everybody's catalog shows the price: an event for all users refreshes every cached view.
        var payload = new JsonObject
        {
            ["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["user"] = string.Empty,
            ["notify_type"] = MarketEvent.MarketSystemPoint,
            ["point"] = "app_price_changed",
            ["extensions"] = new JsonObject { ["app_name"] = command.Name, ["source"] = command.SourceId },
        };
        await events.PublishAsync(new MarketEvent(string.Empty, MarketEvent.MarketSystemPoint, payload), cancellationToken);
        return true;
    }
}
