using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.InstallApp;

/// <summary><c>POST /apps/{id}/install</c>: install <c>app_name</c> at <c>version</c> from <c>source</c> (the route id is ignored, as in the original);
/// <c>selectedGpuType</c> (1.12.6+) is the compute mode chosen, passed on to the runtime.</summary>
public sealed record InstallAppCommand(
    string User,
    string? Source,
    string? AppName,
    string? Version,
    bool Sync,
    IReadOnlyList<EnvVarDto>? Envs,
    string? IdempotencyKey,
    string? SelectedGpuType = null) : IIdempotentCommand
{
    public OpType OperationType => OpType.Install;
}
