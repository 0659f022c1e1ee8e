using Market.Application.Apps.Models;
using Mediator;

namespace Market.Application.Apps.Commands.OpenApp;

/// <summary><c>POST /apps/open</c>: ask the user's desktop to open app <c>id</c>.</summary>
public sealed record OpenAppCommand(string User, string? Id) : ICommand<OperationAnswer>;
