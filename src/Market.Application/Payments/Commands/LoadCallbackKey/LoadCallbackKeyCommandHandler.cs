using System.Security.Cryptography;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.LoadCallbackKey;

public sealed class LoadCallbackKeyCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<LoadCallbackKeyCommand, string>
{
    public async ValueTask<string> Handle(LoadCallbackKeyCommand command, CancellationToken cancellationToken)
    {
        var stored = await db.PaymentKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == PaymentKey.CallbackTicket, cancellationToken);
        if (stored is not null)
        {
            return stored.Value;
        }

        var key = new PaymentKey(PaymentKey.CallbackTicket, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow().UtcDateTime);
        db.PaymentKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return key.Value;
    }
}
