using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.RollbackApp;

/// <summary><c>POST /apps/{name}/rollback</c>: move the app back to the version its last upgrade replaced.</summary>
public sealed record RollbackAppCommand(string User, string AppName, bool Sync, string? IdempotencyKey) : IIdempotentCommand
{
    public OpType OperationType => OpType.Rollback;
}
