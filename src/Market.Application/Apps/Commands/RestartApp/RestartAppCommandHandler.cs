using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Apps.Commands.RestartApp;

/// <summary>
/// app-service has no restart: a running app is stopped, and once the runtime reports it <c>stopped</c> it is
/// resumed with the binding, so the row ends <c>running</c> with <c>opType</c> <c>resume</c> and a new
/// <c>statusTime</c> (what <c>olares-cli market restart --watch</c> waits for). A stopped app is only resumed,
/// which is how a client retries after a compute failed check.
/// </summary>
public sealed class RestartAppCommandHandler(IMarketDbContext db, DirectOperation direct, OperationResponder responder)
    : ICommandHandler<RestartAppCommand, OperationAnswer>
{
    public const string Restarted = "Application restarted successfully";

    public async ValueTask<OperationAnswer> Handle(RestartAppCommand command, CancellationToken cancellationToken)
    {
        var name = command.AppName!;
        var binding = command.ComputeBinding ?? [];
        var (first, answer) = await direct.BeginRestartAsync(command.User, name, binding, cancellationToken);
        if (first is null || first.Type == OpType.Resume)
        {
            return answer;
        }

        // Once stopped, the app must come back even if the caller stops waiting: the rest is bounded by the sync wait, not by the caller.
        var stopped = await responder.WaitEndedAsync(first.Id, CancellationToken.None)
            ?? throw new ServiceUnavailableException($"App {name} did not stop in time; restart it again to resume it");
        if (stopped.Status != AppTaskStatus.Completed)
        {
            throw new RuntimeRefusedException(DirectOperation.StopFailed);
        }

        // The context still tracks the app as it was when the stop began: the resume starts from what is stored now.
        db.ChangeTracker.Clear();
        var resumed = await direct.ResumeAsync(command.User, name, binding, CancellationToken.None);
        return resumed.IsStillRunning ? resumed : OperationAnswer.Ok(Restarted, resumed.Data);
    }
}
