using Market.Application.Common.Interfaces;
using Market.Application.Notifications.Commands.AnnounceUserUpdates;
using Market.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications.Commands.AnnounceUpdates;

/// <summary>Each subscriber is announced to in a step of its own (<see cref="IScopedSender"/>): one user's race with another replica redoes only that user.</summary>
public sealed class AnnounceUpdatesCommandHandler(IMarketDbContext db, IScopedSender steps) : ICommandHandler<AnnounceUpdatesCommand, int>
{
    public async ValueTask<int> Handle(AnnounceUpdatesCommand command, CancellationToken cancellationToken)
    {
        // Only users who asked for it: nobody else needs the comparison made for them.
        var subscriptions = await db.NotificationSubscriptions.AsNoTracking().ToListAsync(cancellationToken);
        var announced = 0;
        foreach (var user in subscriptions.Where(s => s.Wants(NotificationEvents.UpdateAvailable)).Select(s => s.UserId).Distinct())
        {
            announced += await steps.SendAsync(new AnnounceUserUpdatesCommand(user), cancellationToken);
        }

        return announced;
    }
}
