using Market.Application.Apps.Models;
using Mediator;

namespace Market.Application.Apps.Commands.StopApp;

/// <summary><c>POST /apps/stop</c>: stop a running app (<c>all</c> also stops shared parts); answers with the runtime's own reply.</summary>
public sealed record StopAppCommand(string User, string? AppName, bool All) : ICommand<OperationAnswer>;
