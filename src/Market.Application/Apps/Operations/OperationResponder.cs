using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Common.Runtime;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Apps.Operations;

/// <summary>
/// Answers an operation request: at once with the task id, or (<c>sync: true</c>) once the runtime
/// accepted or refused the operation — bounded by Market:Tasks:SyncWaitSeconds, after which the caller
/// gets 202 and the task id to look up.
/// </summary>
public sealed class OperationResponder(IMarketDbContext db, ITaskQueue queue, TimeProvider clock, IOptions<TasksOptions> options)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="blockers">The preflight's blockers left for the runtime to answer (env problems): a refusal's <c>data</c> lists them.</param>
    public async Task<OperationAnswer> AnswerAsync(
        AppTask task, bool sync, OperationMessages messages, CancellationToken cancellationToken, IReadOnlyList<Queries.PreflightApp.PreflightItem>? blockers = null)
    {
        if (!sync)
        {
            return OperationAnswer.Ok(messages.Started, new Dictionary<string, string> { ["task_id"] = task.Id });
        }

        var settled = await WaitSettledAsync(task.Id, cancellationToken);
        if (settled is null)
        {
            return OperationAnswer.StillRunning(task.Id);
        }

        var result = ParseResult(settled.ResultJson);
        if (settled.Status == AppTaskStatus.Failed && result is JsonObject refused && blockers is { Count: > 0 })
        {
            refused["blockers"] = JsonSerializer.SerializeToNode(blockers);
        }

        return settled.Status == AppTaskStatus.Failed
            ? throw new RuntimeRefusedException(messages.FailurePrefix + settled.Error, result)
            {
                AsksForChoice = ComputeFailedChecks.IsFailedCheck(result?["backend_response"]),
            }
            : OperationAnswer.Ok(messages.Completed, result);
    }

    /// <summary>The task once it ended (completed, failed, canceled), or null when the sync wait ran out.</summary>
    public Task<AppTask?> WaitEndedAsync(string taskId, CancellationToken cancellationToken) =>
        WaitAsync(taskId, t => TaskStatuses.IsFinal(t.Status), cancellationToken);

    /// <summary>The task once the runtime accepted or refused it (or it ended), or null when the wait ran out.</summary>
    public Task<AppTask?> WaitSettledAsync(string taskId, CancellationToken cancellationToken) =>
        WaitAsync(taskId, t => t.IsSettledForCaller, cancellationToken);

    private async Task<AppTask?> WaitAsync(string taskId, Func<AppTask, bool> reached, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.Value.SyncWaitSeconds);
        while (true)
        {
            var task = await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
            if (task is null || reached(task))
            {
                return task;
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            // Woken at once when this host settles it; the re-check covers a task settled by another replica.
            await queue.WaitSettledAsync(taskId, left < RecheckInterval ? left : RecheckInterval, cancellationToken);
        }
    }

    /// <summary>The stored result as the original returns it: parsed JSON, <c>{raw_result}</c> for text, nothing when empty.</summary>
    public static JsonNode? ParseResult(string? result)
    {
        if (string.IsNullOrWhiteSpace(result))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(result);
        }
        catch (JsonException)
        {
            return new JsonObject { ["raw_result"] = result };
        }
    }
}
