using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Queries.GetTask;
using Market.Application.Tasks.Queries.GetTaskDiagnostics;
using Market.Application.Tasks.Queries.ListTasks;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace Market.Api.Controllers;

/// <summary>The caller's tasks (the original had no way to look a task up).</summary>
public sealed class TasksController(ISender sender, ICurrentUser user) : ApiControllerBase
{
    [HttpGet("tasks/{id}")]
    public async Task<IActionResult> Get(string id, CancellationToken ct) =>
        Envelope("Task retrieved successfully", await sender.Send(new GetTaskQuery(user.Name, id), ct));

    /// <summary>The task's diagnostic bundle (<c>.tar.gz</c>): its owner's, or anyone's for an admin.</summary>
    [HttpGet("tasks/{id}/diagnostics")]
    public async Task<IActionResult> Diagnostics(string id, CancellationToken ct)
    {
        var isAdmin = UserRoles.IsAdmin(await user.GetRoleAsync(ct));
        var bundle = await sender.Send(new GetTaskDiagnosticsQuery(user.Name, isAdmin, id), ct);
        return File(bundle.Content, "application/gzip", bundle.FileName);
    }

    [HttpGet("tasks")]
    public async Task<IActionResult> List([FromQuery] string? status, [FromQuery] string? app, [FromQuery] string? limit, CancellationToken ct) =>
        Envelope("Tasks retrieved successfully", await sender.Send(new ListTasksQuery(user.Name, status, app, limit), ct));
}
