using Market.Application.Apps.Models;
using Mediator;

namespace Market.Application.Apps.Commands.CancelInstall;

/// <summary><c>DELETE /apps/{id}/install</c>: cancel the install (or clone) of <c>{id}</c> that is in progress.</summary>
public sealed record CancelInstallCommand(string User, string AppName, bool Sync, string? IdempotencyKey) : ICommand<OperationAnswer>;
