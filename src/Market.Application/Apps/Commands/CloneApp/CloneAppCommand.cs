using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.CloneApp;

/// <summary>
/// <c>POST /apps/{id}/clone</c>: a second copy of an installed app under its own name
/// (raw name + 6 hex of the request hash), title and entrance titles. 1.12.6+ clients add the compute mode
/// (<c>selectedGpuType</c>) and, for a template app (<c>templateOnly</c>), <c>templateClone</c>: the template
/// is cloned without being installed itself.
/// </summary>
public sealed record CloneAppCommand(
    string User,
    string? Source,
    string? AppName,
    string? Title,
    bool Sync,
    IReadOnlyList<EnvVarDto>? Envs,
    IReadOnlyList<CloneEntranceDto>? Entrances,
    string? IdempotencyKey,
    string? SelectedGpuType = null,
    bool TemplateClone = false) : IIdempotentCommand
{
    public OpType OperationType => OpType.Clone;
}
