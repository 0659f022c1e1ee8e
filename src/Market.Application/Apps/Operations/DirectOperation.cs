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
    public async Task<OperationAnswer> RunAsync(
        string user,
        string opType,
        string appName,
        bool all,
        string successMessage,
        string failureMessage,
        bool useRuntimeMessage,
        CancellationToken cancellationToken)
    {
        var app = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == appName, cancellationToken)
            ?? throw new NotFoundException($"App {appName} is not installed");
        var request = new TaskRequest { Source = app.SourceId, All = all, Version = app.InstalledVersion };
        Func<UserApp, TaskDraft, AppTask> begin = opType == OpTypes.Stop ? (current, draft) => current.BeginStop(draft) : (current, draft) => current.BeginResume(draft);
        var plan = new OperationPlan(user, opType, app.AppName, request, begin);
        var task = await starter.StartAsync(plan, null, cancellationToken);
        var settled = await responder.WaitSettledAsync(task.Id, cancellationToken);
        if (settled is null)
        {
            return OperationAnswer.StillRunning(task.Id);
        }

        var data = OperationResponder.ParseResult(settled.ResultJson);
        if (settled.Status != TaskStatuses.Failed)
        {
            return OperationAnswer.Ok(successMessage, data);
        }

        var message = useRuntimeMessage ? RuntimeMessage(data?["result"]?.GetValue<string>()) ?? failureMessage : failureMessage;
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
}
