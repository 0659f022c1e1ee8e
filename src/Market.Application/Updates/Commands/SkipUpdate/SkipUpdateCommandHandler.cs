using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Commands.SkipUpdate;

public sealed class SkipUpdateCommandHandler(UpdateChoices choices) : ICommandHandler<SkipUpdateCommand, UpdateChoiceDto>
{
    public async ValueTask<UpdateChoiceDto> Handle(SkipUpdateCommand command, CancellationToken cancellationToken) =>
        await choices.ChangeAsync(command.User, command.AppName, (choice, now) => choice.Skip(command.Version, now), cancellationToken);
}
