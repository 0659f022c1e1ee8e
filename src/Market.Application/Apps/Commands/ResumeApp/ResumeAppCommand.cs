using Market.Application.Apps.Models;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Apps.Commands.ResumeApp;

/// <summary>
/// <c>POST /apps/resume</c>: start a stopped app again; answers with the runtime's own reply. 1.12.6+ clients may
/// bind it to devices (<paramref name="ComputeBinding"/>, passed to app-service as its <c>computeBinding</c>).
/// </summary>
public sealed record ResumeAppCommand(string User, string? AppName, IReadOnlyList<ComputeBinding>? ComputeBinding = null) : ICommand<OperationAnswer>;
