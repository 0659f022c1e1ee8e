using Market.Api.Infrastructure.Envelope;
using Market.Api.Requests;
using Market.Application.Common.Interfaces;
using Market.Application.Updates.Commands.ApplyUpdates;
using Market.Application.Updates.Commands.HoldUpdates;
using Market.Application.Updates.Commands.SkipUpdate;
using Market.Application.Updates.Queries.GetUpdateBatch;
using Market.Application.Updates.Queries.GetUpdates;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Market.Api.Controllers;

/// <summary>The update centre: what can be updated, the user's hold and skip choices, and "update all" batches.</summary>
public sealed class UpdatesController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    private const string IdempotencyHeader = "Idempotency-Key";

    [HttpGet("updates")]
    public async Task<IActionResult> List([FromQuery] bool all, CancellationToken ct) =>
        Envelope("Updates retrieved successfully", await sender.Send(new GetUpdatesQuery(user.Name, all), ct));

    [HttpPut("updates/{appName}/hold")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Hold(string appName, [FromBody] HoldUpdatesRequest body, CancellationToken ct) =>
        Envelope("Update choice saved", await sender.Send(new HoldUpdatesCommand(user.Name, appName, body?.Held), ct));

    [HttpPut("updates/{appName}/skip")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Skip(string appName, [FromBody] SkipUpdateRequest body, CancellationToken ct) =>
        Envelope("Update choice saved", await sender.Send(new SkipUpdateCommand(user.Name, appName, body?.Version), ct));

    [HttpPost("updates/apply")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Apply([FromBody] ApplyUpdatesRequest body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Envelope("Updates started", await sender.Send(new ApplyUpdatesCommand(user.Name, body?.Apps, body?.All ?? false, key), ct));

    [HttpGet("updates/batches/{id}")]
    [DisableRateLimiting] // a read polled while the batch runs
    public async Task<IActionResult> Batch(string id, CancellationToken ct) =>
        Envelope("Update batch retrieved successfully", await sender.Send(new GetUpdateBatchQuery(user.Name, id), ct));
}
