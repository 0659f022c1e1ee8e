using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.CancelInstall;

/// <summary><c>DELETE /apps/{id}/install</c>: cancel the install (or clone) of <c>{id}</c> that is in progress.</summary>
public sealed record CancelInstallCommand(string User, string AppName, bool Sync, string? IdempotencyKey) : IIdempotentCommand
{
    public string OperationType => OpTypes.Cancel;
}
