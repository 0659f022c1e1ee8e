using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Commands.HoldUpdates;

public sealed class HoldUpdatesCommandHandler(UpdateChoices choices) : ICommandHandler<HoldUpdatesCommand, UpdateChoiceDto>
{
    public async ValueTask<UpdateChoiceDto> Handle(HoldUpdatesCommand command, CancellationToken cancellationToken) =>
        await choices.ChangeAsync(command.User, command.AppName, (choice, now) => choice.Hold(command.Held!.Value, now), cancellationToken);
}
