using Market.Application.Common.Interfaces;
using Market.Application.Settings.Models;
using Market.Domain.Sources;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Settings.Queries.GetMarketSettings;

/// <summary>The caller's market settings; the built-in remote until they choose another.</summary>
public sealed record GetMarketSettingsQuery(string User) : IQuery<MarketSettingsDto>;

public sealed class GetMarketSettingsQueryHandler(IMarketDbContext db) : IQueryHandler<GetMarketSettingsQuery, MarketSettingsDto>
{
    public async ValueTask<MarketSettingsDto> Handle(GetMarketSettingsQuery query, CancellationToken cancellationToken)
    {
        var settings = await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == query.User, cancellationToken);
        return settings is null
            ? new MarketSettingsDto(MarketSource.OfficialId, false)
            : new MarketSettingsDto(settings.SelectedSource, settings.Nsfw);
    }
}
