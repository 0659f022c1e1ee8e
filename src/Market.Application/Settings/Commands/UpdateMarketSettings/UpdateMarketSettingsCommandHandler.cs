using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Settings.Models;
using Market.Domain.Settings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Settings.Commands.UpdateMarketSettings;

public sealed class UpdateMarketSettingsCommandHandler(IMarketDbContext db, IMarketEventBus events, TimeProvider clock)
    : ICommandHandler<UpdateMarketSettingsCommand, MarketSettingsDto>
{
    public async ValueTask<MarketSettingsDto> Handle(UpdateMarketSettingsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sourceId = command.SelectedSource?.Trim() ?? string.Empty;
        var source = sourceId.Length == 0
            ? null
            : await db.MarketSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);

        var settings = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == command.User, cancellationToken);
        if (settings is null)
        {
            settings = UserMarketSettings.Default(command.User, now);
            settings.Select(source, command.Nsfw, now);
            db.UserSettings.Add(settings);
        }
        else
        {
            settings.Select(source, command.Nsfw, now);
        }

        await db.SaveChangesAsync(cancellationToken);

        // The user's catalog (and so their hash) depends on the selected source.
        await events.PublishAsync(
            new MarketEvent(command.User, MarketEvent.MarketSystemPoint, new JsonObject
            {
                ["point"] = "market_settings_changed",
                ["extensions"] = new JsonObject { ["selected_source"] = settings.SelectedSource },
            }),
            cancellationToken);

        return new MarketSettingsDto(settings.SelectedSource, settings.Nsfw);
    }
}
