using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.ReleasePollLeases;

public sealed class ReleasePollLeasesCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<ReleasePollLeasesCommand, int>
{
    public async ValueTask<int> Handle(ReleasePollLeasesCommand command, CancellationToken cancellationToken)
    {
        var leased = await db.Purchases.Where(p => p.PollLeaseOwner == command.Owner).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var purchase in leased)
        {
            purchase.ReleasePollLease(command.Owner, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return leased.Count;
    }
}
