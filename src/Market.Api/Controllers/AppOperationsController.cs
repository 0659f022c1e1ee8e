using System.Text.Json.Nodes;
using Market.Api.Infrastructure.Envelope;
using Market.Api.Infrastructure.Http;
using Market.Api.Requests;
using Market.Application.Apps.Commands.CloneApp;
using Market.Application.Apps.Commands.InstallApp;
using Market.Application.Apps.Commands.OpenApp;
using Market.Application.Apps.Commands.RestartApp;
using Market.Application.Apps.Commands.ResumeApp;
using Market.Application.Apps.Commands.StopApp;
using Market.Application.Apps.Commands.UpgradeApp;
using Market.Application.Apps.Models;
using Market.Application.Apps.Queries.PreflightApp;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>
/// App operations. Install, clone, cancel, upgrade and uninstall create tasks (answered at once, or
/// with <c>sync: true</c> once the runtime accepted or refused); open, resume, stop and restart answer with the
/// runtime's reply. An <c>Idempotency-Key</c> header returns the first task again.
/// </summary>
public sealed class AppOperationsController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    private const string IdempotencyHeader = "Idempotency-Key";

    [HttpPost("apps/{id}/install")]
    [InvalidBodyMessage("Invalid request format")]
    public async Task<IActionResult> Install(string id, [FromBody] InstallAppRequest body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(new InstallAppCommand(user.Name, body.Source, body.AppName, body.Version, body.Sync ?? false, body.Envs, key, body.SelectedGpuType), ct));

    /// <summary>Would installing <c>app_name</c> work? <c>{installable, blockers, warnings}</c>; nothing is started.</summary>
    [HttpPost("apps/{id}/preflight")]
    [InvalidBodyMessage("Invalid request format")]
    public async Task<IActionResult> Preflight(string id, [FromBody] InstallAppRequest body, CancellationToken ct) =>
        Envelope("Preflight completed", await sender.Send(new PreflightAppQuery(user.Name, body.Source, body.AppName, body.Version, body.Envs, body.SelectedGpuType), ct));

    [HttpPost("apps/{id}/clone")]
    [InvalidBodyMessage("Invalid request format")]
    public async Task<IActionResult> Clone(string id, [FromBody] CloneAppRequest body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(new CloneAppCommand(
            user.Name, body.Source, body.AppName, body.Title, body.Sync ?? false, body.Envs, body.Entrances, key, body.SelectedGpuType, body.TemplateClone ?? false), ct));

    [HttpDelete("apps/{id}/install")]
    public async Task<IActionResult> Cancel(string id, [ModelBinder(typeof(LooseJsonBodyBinder))] JsonObject? body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(LooseBodies.Cancel(user.Name, id, body, key), ct));

    [HttpPut("apps/{id}/upgrade")]
    [InvalidBodyMessage("Invalid request format")]
    public async Task<IActionResult> Upgrade(string id, [FromBody] InstallAppRequest body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(new UpgradeAppCommand(user.Name, body.Source, body.AppName, body.Version, body.Sync ?? false, body.Envs, key), ct));

    [HttpPost("apps/{id}/rollback")]
    public async Task<IActionResult> Rollback(string id, [ModelBinder(typeof(LooseJsonBodyBinder))] JsonObject? body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(LooseBodies.Rollback(user.Name, id, body, key), ct));

    [HttpDelete("apps/{id}")]
    public async Task<IActionResult> Uninstall(string id, [ModelBinder(typeof(LooseJsonBodyBinder))] JsonObject? body, [FromHeader(Name = IdempotencyHeader)] string? key, CancellationToken ct) =>
        Answer(await sender.Send(LooseBodies.Uninstall(user.Name, id, body, key), ct));

    [HttpPost("apps/open")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Open([FromBody] OpenAppRequest body, CancellationToken ct) =>
        Answer(await sender.Send(new OpenAppCommand(user.Name, body.Id), ct));

    [HttpPost("apps/resume")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Resume([FromBody] AppControlRequest body, CancellationToken ct) =>
        Answer(await sender.Send(new ResumeAppCommand(user.Name, body.Name, body.ComputeBinding), ct));

    [HttpPost("apps/stop")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Stop([FromBody] AppControlRequest body, CancellationToken ct) =>
        Answer(await sender.Send(new StopAppCommand(user.Name, body.Name, body.All ?? false), ct));

    [HttpPost("apps/restart")]
    [InvalidBodyMessage("Invalid request body")]
    public async Task<IActionResult> Restart([FromBody] AppControlRequest body, CancellationToken ct) =>
        Answer(await sender.Send(new RestartAppCommand(user.Name, body.Name, body.Source, body.ComputeBinding), ct));

    /// <summary>200, or 202 when the sync wait ran out (failures are exceptions, answered by the exception handler).</summary>
    private ObjectResult Answer(OperationAnswer answer) =>
        StatusCode(answer.IsStillRunning ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, ApiEnvelope.Ok(answer.Message, answer.Data));
}
