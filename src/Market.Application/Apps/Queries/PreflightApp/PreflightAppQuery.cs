using Market.Application.Apps.Models;
using Mediator;

namespace Market.Application.Apps.Queries.PreflightApp;

/// <summary><c>POST /apps/{id}/preflight</c> with the install body: would installing <c>app_name</c> work, and if not, why.</summary>
public sealed record PreflightAppQuery(string User, string? Source, string? AppName, string? Version, IReadOnlyList<EnvVarDto>? Envs, string? SelectedGpuType)
    : IQuery<PreflightReport>;
