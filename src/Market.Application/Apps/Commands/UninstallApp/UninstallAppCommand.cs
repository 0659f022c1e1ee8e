using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.UninstallApp;

/// <summary><c>DELETE /apps/{id}</c>: uninstall <c>{id}</c>; <c>version</c> must name the installed version.
/// 1.12.6+ clients' body (<c>{app_name, source, …}</c>, <paramref name="VersionOptional"/>) may leave it out: the installed one is meant.</summary>
public sealed record UninstallAppCommand(
    string User,
    string AppName,
    string? Version,
    bool All,
    bool DeleteData,
    bool Sync,
    string? IdempotencyKey,
    bool VersionOptional = false) : IIdempotentCommand
{
    public OpType OperationType => OpType.Uninstall;
}
