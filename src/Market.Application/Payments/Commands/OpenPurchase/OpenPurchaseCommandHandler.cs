using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.OpenPurchase;

public sealed class OpenPurchaseCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<OpenPurchaseCommand, Purchase>
{
    public async ValueTask<Purchase> Handle(OpenPurchaseCommand command, CancellationToken cancellationToken)
    {
        var app = command.App;
        if (await PurchaseRows.FindAsync(db, command.User, app.RealAppId, app.ProductId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var purchase = Purchase.Start(
            command.User, app.App.SourceId, app.RealAppId, app.App.Name, app.ProductId, app.Price?.DeveloperName ?? string.Empty, clock.GetUtcNow().UtcDateTime);
        db.Purchases.Add(purchase);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return purchase;
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Another request created it first (the unique index refused ours): a conflict, read again.
            throw new DbUpdateConcurrencyException("the purchase was created concurrently", ex);
        }
    }
}
