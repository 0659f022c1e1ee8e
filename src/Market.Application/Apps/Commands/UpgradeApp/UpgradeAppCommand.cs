using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.UpgradeApp;

/// <summary><c>PUT /apps/{id}/upgrade</c>: move an installed app (or clone, by its own name) to <c>version</c> of its chart.</summary>
public sealed record UpgradeAppCommand(
    string User,
    string? Source,
    string? AppName,
    string? Version,
    bool Sync,
    IReadOnlyList<EnvVarDto>? Envs,
    string? IdempotencyKey) : IIdempotentCommand
{
    public OpType OperationType => OpType.Upgrade;
}
