using Market.Application.Common.Interfaces;
using Market.Domain.History;
using Mediator;

namespace Market.Application.History.Commands.RecordUserEvent;

public sealed class RecordUserEventCommandHandler(IHistoryService history) : ICommandHandler<RecordUserEventCommand, bool>
{
    public async ValueTask<bool> Handle(RecordUserEventCommand command, CancellationToken cancellationToken)
    {
        // The original rejects records without an account.
        if (string.IsNullOrWhiteSpace(command.Username))
        {
            return false;
        }

        await history.RecordAsync(new HistoryEntry(HistoryTypes.System, string.Empty, string.Empty, command.Username, command.RawJson), cancellationToken);
        return true;
    }
}
