using Market.Application.Common.Interfaces;
using Market.Application.History.Queries.GetLogs;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>The caller's audit log.</summary>
public sealed class LogsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("logs")]
    public async Task<IActionResult> Query(
        [FromQuery] string? start,
        [FromQuery] string? size,
        [FromQuery] string? type,
        [FromQuery] string? app,
        [FromQuery(Name = "start_time")] string? startTime,
        [FromQuery(Name = "end_time")] string? endTime,
        CancellationToken ct) =>
        Envelope("Logs retrieved successfully", await sender.Send(new GetLogsQuery(user.Name, start, size, type, app, startTime, endTime), ct));
}
