using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.InstallApp;

/// <summary><c>POST /apps/{id}/install</c>: install <c>app_name</c> at <c>version</c> from <c>source</c> (the route id is ignored, as in the original).</summary>
public sealed record InstallAppCommand(
    string User,
    string? Source,
    string? AppName,
    string? Version,
    bool Sync,
    IReadOnlyList<EnvVarDto>? Envs,
    string? IdempotencyKey) : IIdempotentCommand
{
    public string OperationType => OpTypes.Install;
}
