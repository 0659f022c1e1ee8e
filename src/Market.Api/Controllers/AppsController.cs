using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Http;
using Market.Api.Infrastructure.Identity;
using Market.Api.Requests;
using Market.Application.Catalog.Queries.GetAppsInfo;
using Market.Application.Catalog.Queries.GetAppVersionHistory;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Market.Api.Controllers;

/// <summary>Catalog details: apps by name (<c>POST /apps</c>), an app's version history, and the config stub.</summary>
public sealed class AppsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpPost("apps")]
    [DisableRateLimiting] // a read that happens to be a POST: the web app pages through the catalog with it
    [InvalidBodyMessage("Invalid JSON format")]
    [FailureMessage(GetAppsInfoQueryHandler.FailureMessage)]
    public async Task<IActionResult> Info([FromBody] AppsInfoRequest body, CancellationToken ct) =>
        new RawEnvelopeResult(HotReadMiddleware.AppsMessage,
            (await sender.Send(new GetAppsInfoQuery(user.Name, body?.Apps?.Select(a => new AppRef(a?.AppId, a?.SourceDataName)).ToList()), ct)).Utf8);

    /// <summary>The original's stub, kept because newer clients probe it: always 501 in the envelope, no identity, no body read.</summary>
    [HttpPut("apps/{id}/config")]
    [CallerCheckedByAction]
    public IActionResult UpdateConfig() =>
        StatusCode(StatusCodes.Status501NotImplemented, ApiEnvelope.Fail("App config update is not implemented yet"));

    [HttpPost("apps/version-history")]
    [DisableRateLimiting] // a read
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> VersionHistory([FromBody] VersionHistoryRequest body, CancellationToken ct) =>
        Envelope("Version history retrieved successfully", await sender.Send(new GetAppVersionHistoryQuery(user.Name, body?.AppName), ct));
}
