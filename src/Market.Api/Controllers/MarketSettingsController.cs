using Market.Api.Infrastructure.Envelope;
using Market.Api.Requests;
using Market.Application.Common.Interfaces;
using Market.Application.Settings.Commands.UpdateMarketSettings;
using Market.Application.Settings.Queries.GetMarketSettings;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>The caller's own market settings.</summary>
public sealed class MarketSettingsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("settings/market-settings")]
    public async Task<IActionResult> Get(CancellationToken ct) =>
        Envelope("Market settings retrieved successfully", await sender.Send(new GetMarketSettingsQuery(user.Name), ct));

    [HttpPut("settings/market-settings")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Update([FromBody] MarketSettingsRequest body, CancellationToken ct) =>
        Envelope("Market settings updated successfully",
            await sender.Send(new UpdateMarketSettingsCommand(user.Name, body.SelectedSource, body.Nsfw ?? false), ct));
}
