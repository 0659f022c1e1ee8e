using Market.Api.Infrastructure.Identity;
using Market.Api.Runtime;
using Market.Application.Runtime.Commands.CleanupCatalog;
using Market.Application.Runtime.Commands.ReloadCache;
using Market.Application.Runtime.Queries.GetDiagnostic;
using Market.Application.Runtime.Queries.GetProcessMemory;
using Market.Application.Runtime.Queries.GetRuntimeState;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>Admin views of the running service: runtime state, its two dashboards, cache diagnostics and memory.</summary>
[AdminOnly]
public sealed class RuntimeController(ISender sender) : ApiControllerBase
{
    [HttpGet("runtime/state")]
    public async Task<IActionResult> State(
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "source_id")] string? sourceId,
        [FromQuery(Name = "app_name")] string? appName,
        [FromQuery(Name = "task_status")] string? taskStatus,
        [FromQuery(Name = "task_type")] string? taskType,
        CancellationToken ct) =>
        Envelope("Runtime state retrieved successfully", await sender.Send(new GetRuntimeStateQuery(userId, sourceId, appName, taskStatus, taskType), ct));

    [HttpGet("runtime/dashboard")]
    [Produces("text/html")]
    [IdentityHelpPage]
    public IActionResult Dashboard() => new HtmlPageResult(RuntimeDashboards.State);

    [HttpGet("runtime/dashboard-app")]
    [Produces("text/html")]
    [IdentityHelpPage]
    public IActionResult DashboardApp() => new HtmlPageResult(RuntimeDashboards.AppFlow);

    [HttpGet("diagnostic")]
    public async Task<IActionResult> Diagnostic(CancellationToken ct) =>
        Envelope("Diagnostic information retrieved successfully", await sender.Send(new GetDiagnosticQuery(), ct));

    [HttpPost("reload")]
    public async Task<IActionResult> Reload(CancellationToken ct) =>
        Done("Cache data reloaded successfully from Redis", await sender.Send(new ReloadCacheCommand(), ct));

    [HttpPost("cleanup")]
    public async Task<IActionResult> Cleanup(CancellationToken ct) =>
        Envelope("Cleanup completed successfully", await sender.Send(new CleanupCatalogCommand(), ct));

    [HttpGet("market/debug-memory")]
    public async Task<IActionResult> DebugMemory(CancellationToken ct) =>
        Envelope("Market information retrieved successfully", await sender.Send(new GetProcessMemoryQuery(), ct));

    /// <summary>Success without <c>data</c>, as the original answers a reload.</summary>
    private OkObjectResult Done(string message, Unit _) => Envelope(message);
}
