using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Mediator;

namespace Market.Application.Apps.Commands.StopApp;

public sealed class StopAppCommandHandler(DirectOperation direct) : ICommandHandler<StopAppCommand, OperationAnswer>
{
    public ValueTask<OperationAnswer> Handle(StopAppCommand command, CancellationToken cancellationToken) =>
        new(direct.StopAsync(command.User, command.AppName!, command.All, cancellationToken));
}
