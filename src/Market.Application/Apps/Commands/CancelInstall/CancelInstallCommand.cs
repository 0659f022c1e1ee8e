using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;

namespace Market.Application.Apps.Commands.CancelInstall;

/// <summary>
/// <c>DELETE /apps/{id}/install</c>: cancel the install (or clone) of <c>{id}</c> that is in progress. The original's
/// body is <c>{sync}</c>; 1.12.6+ clients send <c>{app_name, source, sync, version?}</c> (<paramref name="NewerShape"/>,
/// <paramref name="BodyAppName"/>), which must name the app and answers 404 when nothing can be canceled.
/// </summary>
public sealed record CancelInstallCommand(
    string User,
    string AppName,
    bool Sync,
    string? IdempotencyKey,
    bool NewerShape = false,
    string? BodyAppName = null) : IIdempotentCommand
{
    public OpType OperationType => OpType.Cancel;
}
