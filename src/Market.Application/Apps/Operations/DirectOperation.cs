using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Stop and resume: the original calls app-service and answers with its reply. We do the same through
/// a task (so the state that follows — stopping → stopped — is tracked and one operation per app
/// holds) and wait for the runtime's reply before answering.
/// </summary>
public sealed class DirectOperation(IMarketDbContext db, OperationStarter starter, OperationResponder responder)
{
    /// <summary>Stops <paramref name="appName"/> (<paramref name="all"/>: its shared parts too).</summary>
    public Task<OperationAnswer> StopAsync(string user, string appName, bool all, CancellationToken cancellationToken) =>
        RunAsync(user, appName, all, DirectCall.Stop, cancellationToken);

    /// <summary>Starts a stopped app again; a failure answers with the runtime's own message.</summary>
    public Task<OperationAnswer> ResumeAsync(string user, string appName, CancellationToken cancellationToken) =>
        RunAsync(user, appName, all: false, DirectCall.Resume, cancellationToken);

    private async Task<OperationAnswer> RunAsync(string user, string appName, bool all, DirectCall call, CancellationToken cancellationToken)
    {
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == appName, cancellationToken)
            ?? throw new NotFoundException($"App {appName} is not installed");
        var request = new TaskRequest { Source = app.SourceId, All = all, Version = app.InstalledVersion };
        var plan = new OperationPlan(user, call.OpType, app.AppName, request, call.Begin);
        var task = await starter.StartAsync(plan, null, cancellationToken);
        var settled = await responder.WaitSettledAsync(task.Id, cancellationToken);
        if (settled is null)
        {
            return OperationAnswer.StillRunning(task.Id);
        }

        var data = OperationResponder.ParseResult(settled.ResultJson);
        if (settled.Status != TaskStatuses.Failed)
        {
            return OperationAnswer.Ok(call.Succeeded, data);
        }

        var message = call.ReflectsRuntimeMessage ? RuntimeMessage(data?["result"]?.GetValue<string>()) ?? call.Failed : call.Failed;
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

    /// <summary>What differs between stop and resume: the transition and the original's messages.</summary>
    private sealed record DirectCall(string OpType, Func<UserApp, TaskDraft, AppTask> Begin, string Succeeded, string Failed, bool ReflectsRuntimeMessage)
    {
        public static readonly DirectCall Stop = new(
            OpTypes.Stop, (app, draft) => app.BeginStop(draft), "Application stopped successfully", "Failed to stop application", ReflectsRuntimeMessage: false);

        public static readonly DirectCall Resume = new(
            OpTypes.Resume, (app, draft) => app.BeginResume(draft), "Application resumed successfully", "Failed to resume application", ReflectsRuntimeMessage: true);
    }
}
