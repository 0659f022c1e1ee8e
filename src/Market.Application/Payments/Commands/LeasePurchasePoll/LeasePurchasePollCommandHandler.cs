using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.LeasePurchasePoll;

public sealed class LeasePurchasePollCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<LeasePurchasePollCommand, Purchase?>
{
    public async ValueTask<Purchase?> Handle(LeasePurchasePollCommand command, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.FirstOrDefaultAsync(p => p.Id == command.PurchaseId, cancellationToken);
        if (purchase is null || !purchase.TryLeasePoll(command.Owner, clock.GetUtcNow().UtcDateTime, command.Until))
        {
            return null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return purchase;
    }
}
