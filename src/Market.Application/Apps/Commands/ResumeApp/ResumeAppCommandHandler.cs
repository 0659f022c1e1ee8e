using Market.Application.Apps.Models;
using Market.Application.Apps.Operations;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Apps.Commands.ResumeApp;

public sealed class ResumeAppCommandHandler(DirectOperation direct) : ICommandHandler<ResumeAppCommand, OperationAnswer>
{
    public ValueTask<OperationAnswer> Handle(ResumeAppCommand command, CancellationToken cancellationToken) =>
        new(direct.RunAsync(command.User, OpTypes.Resume, command.AppName!, all: false, "Application resumed successfully", "Failed to resume application",
            useRuntimeMessage: true, cancellationToken));
}
