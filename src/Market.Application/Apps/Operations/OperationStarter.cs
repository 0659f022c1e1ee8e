using Market.Application.Apps.Commands.BeginOperation;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Apps.Operations;

/// <summary>What an operation request asks for, once the use case has checked it.</summary>
/// <param name="Begin">The app's transition that begins the operation (<c>app.BeginInstall(…)</c> …), given the new task's draft.</param>
public sealed record OperationPlan(string User, OpType Type, string AppName, TaskRequest Request, Func<UserApp, TaskDraft, AppTask> Begin)
{
    /// <summary>Install and clone: the chart's name, for the user's row when the app has none yet.</summary>
    public string? NewAppChartName { get; init; }

    /// <summary>Secret env values: they wait sealed (<see cref="TaskSecretVault"/>) until the runtime has them.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Install, clone, upgrade, rollback: the exact chart submitted, kept on the task with its secret values sealed.</summary>
    public ChartReference? Chart { get; init; }

    /// <summary>Upgrade: the chart and envs of the version it replaces (<see cref="AppTask.RecordRollbackPoint"/>).</summary>
    public RollbackPoint? RollbackPoint { get; init; }
}

/// <summary>
/// Starts an operation: in one transaction (<see cref="BeginOperationCommand"/>) the app moves to its operation's
/// first state, the task is created and the start is written to the history. Then the state is published and the
/// workers woken. One active operation per user and app (cancel excepted, <see cref="AppTask.CheckActive"/>).
/// </summary>
public sealed class OperationStarter(ISender sender, AppStatePublisher publisher, ITaskQueue queue)
{
    public async Task<AppTask> StartAsync(OperationPlan plan, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var begun = await sender.Send(new BeginOperationCommand(plan, idempotencyKey), cancellationToken);
        if (begun.App is { } app)
        {
            await publisher.PublishAsync(app, cancellationToken);
            queue.NotifyCreated();
        }

        return begun.Task;
    }
}
