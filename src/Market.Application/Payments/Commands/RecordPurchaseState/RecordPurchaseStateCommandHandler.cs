using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.RecordPurchaseState;

public sealed class RecordPurchaseStateCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<RecordPurchaseStateCommand, PurchaseRecorded>
{
    public async ValueTask<PurchaseRecorded> Handle(RecordPurchaseStateCommand command, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.FirstOrDefaultAsync(p => p.Id == command.PurchaseId, cancellationToken)
            ?? throw new NotFoundException("payment state not found");
        var recorded = command.Change.ApplyTo(purchase, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return recorded;
    }
}
