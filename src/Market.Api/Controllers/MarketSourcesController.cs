using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Identity;
using Market.Api.Requests;
using Market.Application.Sources.Commands.AddMarketSource;
using Market.Application.Sources.Commands.DeleteMarketSource;
using Market.Application.Sources.Commands.SyncMarketSourceNow;
using Market.Application.Sources.Queries.GetMarketSources;
using Market.Application.Sources.Queries.ProbeMarketSource;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>Market sources: everybody reads them, admins add and remove remote ones.</summary>
public sealed class MarketSourcesController(ISender sender) : ApiControllerBase
{
    [HttpGet("settings/market-source")]
    public async Task<IActionResult> List(CancellationToken ct) =>
        Envelope("Market source configuration retrieved successfully", await sender.Send(new GetMarketSourcesQuery(), ct));

    [HttpPost("settings/market-source")]
    [AdminOnly]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Add([FromBody] AddMarketSourceRequest body, CancellationToken ct) =>
        Envelope("Market source added successfully",
            await sender.Send(new AddMarketSourceCommand(body.Id, body.Name, body.Type, body.BaseUrl, body.Description, body.DisplayName, body.ShortLabel, body.Icon), ct));

    [HttpPost("settings/market-source/probe")]
    [AdminOnly]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Probe([FromBody] ProbeMarketSourceRequest body, CancellationToken ct) =>
        Envelope("Market source probed successfully", await sender.Send(new ProbeMarketSourceQuery(body.BaseUrl), ct));

    [HttpPost("settings/market-source/{id}/sync")]
    [AdminOnly]
    public async Task<IActionResult> Sync(string id, CancellationToken ct) =>
        Envelope("Market source sync finished", await sender.Send(new SyncMarketSourceNowCommand(id), ct));

    [HttpDelete("settings/market-source/{id}")]
    [AdminOnly]
    public async Task<IActionResult> Delete(string id, CancellationToken ct) =>
        Envelope("Market source deleted successfully", await sender.Send(new DeleteMarketSourceCommand(id), ct));
}
