using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Apps.Commands.StopApp;

public sealed class StopAppCommandHandler(DirectOperation direct) : ICommandHandler<StopAppCommand, OperationAnswer>
{
    public ValueTask<OperationAnswer> Handle(StopAppCommand command, CancellationToken cancellationToken) =>
        new(direct.RunAsync(command.User, OpTypes.Stop, command.AppName!, command.All, "Application stopped successfully", "Failed to stop application",
            useRuntimeMessage: false, cancellationToken));
}
