using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments;

/// <summary>The checks both LarePass callbacks make after their body checks: the caller's header, then the ticket.</summary>
public sealed class CallbackGuard(IMarketDbContext db, CallbackTickets tickets)
{
    public const string UserRequired = "X-Bfl-User header is required";

    /// <summary>The purchase the ticket was issued for, else 403 <c>Invalid callback ticket</c> (nothing changes).</summary>
    public async Task<Purchase> PurchaseOfAsync(string? user, string? ticket, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new BadRequestException(UserRequired);
        }

        var id = CallbackTickets.PurchaseIdOf(ticket);
        var purchase = id is null ? null : await PurchaseRows.FindByIdAsync(db, id.Value, cancellationToken);
        if (purchase is null || !await tickets.VerifyAsync(ticket, user, purchase, cancellationToken))
        {
            throw new ForbiddenException(CallbackTickets.InvalidMessage);
        }

        return purchase;
    }
}
