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
        await db.SaveChangesAsync(cancellationToken); // a concurrent request that created it first: the behaviour runs this again and finds it
        return purchase;
    }
}
