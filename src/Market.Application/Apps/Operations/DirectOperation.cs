using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Stop, resume and restart: the original calls app-service and answers with its reply. We do the same through
/// a task (so the state that follows — stopping → stopped — is tracked and one operation per app
/// holds) and wait for the runtime's reply before answering.
/// </summary>
public sealed class DirectOperation(IMarketDbContext db, OperationStarter starter, OperationResponder responder)
{
    public const string StopFailed = "Failed to stop application";

    /// <summary>Stops <paramref name="appName"/> (<paramref name="all"/>: its shared parts too).</summary>
    public async Task<OperationAnswer> StopAsync(string user, string appName, bool all, CancellationToken cancellationToken) =>
        (await RunAsync(user, appName, all, [], DirectCall.Stop, cancellationToken)).Answer;

    /// <summary>Starts a stopped app again (bound to <paramref name="binding"/> when given); a failure answers with the runtime's own message.</summary>
    public async Task<OperationAnswer> ResumeAsync(string user, string appName, IReadOnlyList<ComputeBinding> binding, CancellationToken cancellationToken) =>
        (await RunAsync(user, appName, all: false, binding, DirectCall.Resume, cancellationToken)).Answer;

    /// <summary>
    /// Begins a restart (<see cref="UserApp.BeginRestart"/>): a running app gets its stop, a stopped one
    /// its resume. Answers the task the runtime accepted, with the runtime's reply.
    /// </summary>
    public Task<(AppTask? Task, OperationAnswer Answer)> BeginRestartAsync(
        string user, string appName, IReadOnlyList<ComputeBinding> binding, CancellationToken cancellationToken) =>
        RunAsync(user, appName, all: false, binding, DirectCall.Restart, cancellationToken);

    private async Task<(AppTask? Task, OperationAnswer Answer)> RunAsync(
        string user, string appName, bool all, IReadOnlyList<ComputeBinding> binding, DirectCall call, CancellationToken cancellationToken)
    {
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == appName, cancellationToken)
            ?? throw new NotFoundException($"App {appName} is not installed");
        var request = new TaskRequest
        {
            Source = app.SourceId,
            All = all,
            Version = app.InstalledVersion,
            ComputeBinding = binding.Count > 0 ? [.. binding] : null,
        };
        var plan = new OperationPlan(user, call.OpType, app.AppName, request, call.Begin);
        var task = await starter.StartAsync(plan, null, cancellationToken);
        var settled = await responder.WaitSettledAsync(task.Id, cancellationToken);
        if (settled is null)
        {
            return (null, OperationAnswer.StillRunning(task.Id));
        }

        var data = OperationResponder.ParseResult(settled.ResultJson);
        var succeeded = settled.Type == OpType.Stop ? DirectCall.Stop : DirectCall.Resume;
        if (settled.Status != AppTaskStatus.Failed)
        {
            return (settled, OperationAnswer.Ok(call == DirectCall.Restart ? call.Succeeded : succeeded.Succeeded, data));
        }

        var backend = OperationResponder.ParseResult(settled.BackendResponseJson);
        if (ComputeFailedChecks.IsFailedCheck(backend))
        {
            // The device picker needs the failed check's details (the original lost them in a bare 500).
            throw new RuntimeRefusedException(RuntimeMessage(data?["result"]?.GetValue<string>()) ?? succeeded.Failed, new JsonObject { ["backend_response"] = backend })
            {
                AsksForChoice = true,
            };
        }

        var message = succeeded.ReflectsRuntimeMessage ? RuntimeMessage(data?["result"]?.GetValue<string>()) ?? succeeded.Failed : succeeded.Failed;
        throw new RuntimeRefusedException(message);
    }

    /// <summary>The <c>message</c> of the runtime's JSON reply (resume reflects it, like the original), else null.</summary>
    private static string? RuntimeMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) is JsonObject reply && reply["message"] is JsonValue value && value.TryGetValue<string>(out var message) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What differs between stop, resume and restart: the transition and the original's messages.</summary>
    private sealed record DirectCall(OpType OpType, Func<UserApp, TaskDraft, AppTask> Begin, string Succeeded, string Failed, bool ReflectsRuntimeMessage)
    {
        public static readonly DirectCall Stop = new(
            OpType.Stop, (app, draft) => app.BeginStop(draft), "Application stopped successfully", StopFailed, ReflectsRuntimeMessage: false);

        public static readonly DirectCall Resume = new(
            OpType.Resume, (app, draft) => app.BeginResume(draft), "Application resumed successfully", "Failed to resume application", ReflectsRuntimeMessage: true);

        public static readonly DirectCall Restart = new(
            OpType.Restart, (app, draft) => app.BeginRestart(draft), "Application restarted successfully", "Failed to restart application", ReflectsRuntimeMessage: true);
    }
}
