using Market.Application.Common.Behaviours;
using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Commands.ApplyRuntimeReport;
using Market.Application.Tasks.Commands.FinishTask;
using Market.Application.Tasks.Commands.TimeOutTask;
using Market.Application.Tasks.Commands.RecordAcceptance;
using Market.Application.Tasks.Commands.RejectTask;
using Market.Application.Tasks.Commands.ReleaseTask;
using Market.Application.Tasks.Commands.StartTaskAttempt;
using Market.Application.Tasks.Engine;
using Market.Application.Tasks.Queries.FindTask;
using Market.Application.Tasks.Queries.PrepareSubmission;
using Mediator;

namespace Market.Application.Tests.Infrastructure;

/// <summary>
/// The task engine's steps as the host sends them (the mediator is generated in the Api project): each message
/// on a fresh context of the test database, through the real <see cref="UnitOfWorkBehaviour{TMessage, TResponse}"/>,
/// one at a time (the test database is one in-memory connection).
/// </summary>
public sealed class TestScopedSender(TestDatabase database, TimeProvider clock, TaskSecretVault vault) : IScopedSender, IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public ValueTask<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken) =>
        RunAsync<TResponse>(command, cancellationToken);

    public ValueTask<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken) =>
        RunAsync<TResponse>(query, cancellationToken);

    public void Dispose() => _one.Dispose();

    private async ValueTask<TResponse> RunAsync<TResponse>(IMessage message, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            await using var db = database.CreateContext();
            var unitOfWork = new UnitOfWorkBehaviour<IMessage, object?>(db);
            return (TResponse)(await unitOfWork.Handle(message, (m, ct) => DispatchAsync(db, m, ct), cancellationToken))!;
        }
        finally
        {
            _one.Release();
        }
    }

    private async ValueTask<object?> DispatchAsync(IMarketDbContext db, IMessage message, CancellationToken cancellationToken) => message switch
    {
        StartTaskAttemptCommand c => await new StartTaskAttemptCommandHandler(db, clock).Handle(c, cancellationToken),
        ReleaseTaskCommand c => await new ReleaseTaskCommandHandler(db, clock).Handle(c, cancellationToken),
        RecordAcceptanceCommand c => await new RecordAcceptanceCommandHandler(db, clock).Handle(c, cancellationToken),
        RejectTaskCommand c => await new RejectTaskCommandHandler(db, clock).Handle(c, cancellationToken),
        ApplyRuntimeReportCommand c => await new ApplyRuntimeReportCommandHandler(db, clock).Handle(c, cancellationToken),
        FinishTaskCommand c => await new FinishTaskCommandHandler(db, clock).Handle(c, cancellationToken),
        TimeOutTaskCommand c => await new TimeOutTaskCommandHandler(db, clock).Handle(c, cancellationToken),
        FindTaskQuery q => await new FindTaskQueryHandler(db).Handle(q, cancellationToken),
        PrepareSubmissionQuery q => await new PrepareSubmissionQueryHandler(db, vault, []).Handle(q, cancellationToken),
        _ => throw new NotSupportedException(message.GetType().Name),
    };
}
