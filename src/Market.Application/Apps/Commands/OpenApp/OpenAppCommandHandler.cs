using Market.Application.Apps.Models;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Apps.Commands.OpenApp;

public sealed class OpenAppCommandHandler(IAppRuntime runtime) : ICommandHandler<OpenAppCommand, OperationAnswer>
{
    public async ValueTask<OperationAnswer> Handle(OpenAppCommand command, CancellationToken cancellationToken)
    {
        var result = await runtime.OpenAsync(command.User, command.Id!, cancellationToken);
        return result.Success
            ? OperationAnswer.Ok("Application opened successfully")
            : throw new RuntimeRefusedException(result.FailureMessage ?? "Failed to open application");
    }
}
