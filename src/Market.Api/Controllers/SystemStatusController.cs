using Market.Application.Common.Interfaces;
using Market.Application.SystemStatus.Queries.GetSystemStatus;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>What the web app checks before it shows or installs anything: versions, architectures, resources, role.</summary>
public sealed class SystemStatusController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("settings/system-status")]
    public async Task<IActionResult> Get(CancellationToken ct) =>
        Envelope("System status aggregation complete", await sender.Send(new GetSystemStatusQuery(user.Name), ct));
}
