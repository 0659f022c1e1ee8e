using Market.Application.Apps.Models;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Apps.Commands.RestartApp;

/// <summary>
/// <c>POST /apps/restart</c> (1.12.6+ clients): stop, then resume (bound to <paramref name="ComputeBinding"/> when
/// given); answered like resume. <paramref name="Source"/> is the state row's source, sent by the client and not needed.
/// </summary>
public sealed record RestartAppCommand(string User, string? AppName, string? Source, IReadOnlyList<ComputeBinding>? ComputeBinding)
    : ICommand<OperationAnswer>;
