using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Mediator;

namespace Market.Application.Apps.Commands.ResumeApp;

public sealed class ResumeAppCommandHandler(DirectOperation direct) : ICommandHandler<ResumeAppCommand, OperationAnswer>
{
    public ValueTask<OperationAnswer> Handle(ResumeAppCommand command, CancellationToken cancellationToken) =>
        new(direct.ResumeAsync(command.User, command.AppName!, command.ComputeBinding ?? [], cancellationToken));
}
