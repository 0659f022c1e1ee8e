using Market.Application.Apps.Models;
using Mediator;

namespace Market.Application.Apps.Commands.ResumeApp;

/// <summary><c>POST /apps/resume</c>: start a stopped app again; answers with the runtime's own reply.</summary>
public sealed record ResumeAppCommand(string User, string? AppName) : ICommand<OperationAnswer>;
