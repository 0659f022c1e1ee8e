using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.UninstallApp;

/// <summary><c>DELETE /apps/{id}</c>: uninstall <c>{id}</c>; <c>version</c> must name the installed version.</summary>
public sealed record UninstallAppCommand(
    string User,
    string AppName,
    string? Version,
    bool All,
    bool DeleteData,
    bool Sync,
    string? IdempotencyKey) : IIdempotentCommand
{
    public string OperationType => OpTypes.Uninstall;
}
