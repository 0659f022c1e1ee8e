using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Http;
using Market.Application.Catalog.Queries.GetMarketData;
using Market.Application.Catalog.Queries.GetMarketHash;
using Market.Application.Catalog.Queries.GetMarketState;
using Market.Application.Common.Catalog;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>The caller's catalog: its hash, the whole view (with ETag / 304) and the app states.</summary>
public sealed class MarketController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("market/hash")]
    [FailureMessage(GetMarketHashQueryHandler.FailureMessage)]
    public async Task<IActionResult> Hash(CancellationToken ct) =>
        new RawEnvelopeResult(HotReadMiddleware.HashMessage, RawEnvelopeWriter.HashData((await sender.Send(new GetMarketHashQuery(user.Name), ct)).Hash));

    [HttpGet("market/data")]
    [FailureMessage(GetMarketDataQueryHandler.FailureMessage)]
    public async Task<IActionResult> Data(CancellationToken ct) =>
        Conditional(await sender.Send(new GetMarketDataQuery(user.Name, Request.Headers.IfNoneMatch.ToString()), ct));

    [HttpGet("market/state")]
    [FailureMessage(GetMarketStateQueryHandler.FailureMessage)]
    public async Task<IActionResult> State(CancellationToken ct) =>
        Envelope("Market state retrieved successfully", await sender.Send(new GetMarketStateQuery(user.Name, Simple: false), ct));

    [HttpGet("market/statesimple")]
    [FailureMessage(GetMarketStateQueryHandler.FailureMessage)]
    public async Task<IActionResult> StateSimple(CancellationToken ct) =>
        Envelope("Market state retrieved successfully", await sender.Send(new GetMarketStateQuery(user.Name, Simple: true), ct));

    /// <summary>The hash is the entity tag; a client holding it gets 304 with no body.</summary>
    private IActionResult Conditional(MarketDataResult result) => new HotReadResult(context => HotReadMiddleware.WriteDataAsync(context, result));
}
