using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Notifications.Commands.AnnounceStuckPayments;

public sealed class AnnounceStuckPaymentsCommandHandler(IMarketDbContext db, IOptionsMonitor<NotificationsOptions> options, TimeProvider clock)
    : ICommandHandler<AnnounceStuckPaymentsCommand, int>
{
    private const int BatchSize = 100;

    public async ValueTask<int> Handle(AnnounceStuckPaymentsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var after = TimeSpan.FromSeconds(options.CurrentValue.PaymentStuckAfterSeconds);
        var before = now - after;

        // Only owners who asked for it; a purchase announced once is never read again.
        var users = (await db.NotificationSubscriptions.AsNoTracking().ToListAsync(cancellationToken))
            .Where(s => s.Wants(NotificationEvents.PaymentStuck)).Select(s => s.UserId).Distinct().ToList();
        if (users.Count == 0)
        {
            return 0;
        }

        var candidates = await db.Purchases
            .Where(p => users.Contains(p.UserId) && p.StuckAnnouncedAt == null && p.UpdatedAt <= before)
            .OrderBy(p => p.UpdatedAt).Take(BatchSize).ToListAsync(cancellationToken);
        var announced = 0;
        foreach (var purchase in candidates.Where(p => p.AnnounceStuck(after, now)))
        {
            // No JWS, VC or transaction data: which purchase, which app, where it stopped.
            var data = new Dictionary<string, object?>
            {
                ["purchase_id"] = purchase.Id,
                ["app"] = purchase.AppName,
                ["source"] = purchase.SourceId,
                ["payment_status"] = purchase.PaymentStatus,
                ["since"] = purchase.UpdatedAt,
            };
            await NotificationOutbox.EnqueueAsync(db, purchase.UserId, NotificationEvents.PaymentStuck, data, now, cancellationToken);
            announced++;
        }

        // A purchase that moved (or that another replica announced) meanwhile: the behaviour runs this again on what is stored now.
        await db.SaveChangesAsync(cancellationToken);
        return announced;
    }
}
