using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.History.Commands.PurgeHistory;

public sealed class PurgeHistoryCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<PurgeHistoryCommand, int>
{
    public async ValueTask<int> Handle(PurgeHistoryCommand command, CancellationToken cancellationToken)
    {
        // Calendar months, as the original ("now minus one month"), compared on the Unix-seconds column.
        var cutoff = clock.GetUtcNow().AddMonths(-command.RetentionMonths).ToUnixTimeSeconds();
        return await db.HistoryRecords.Where(r => r.Time < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
