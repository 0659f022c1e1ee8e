using Market.Application.Common.Interfaces;
using Market.Application.Updates;
using Market.Domain.Notifications;
using Market.Domain.Updates;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications.Commands.AnnounceUserUpdates;

public sealed class AnnounceUserUpdatesCommandHandler(IMarketDbContext db, AvailableUpdates available, TimeProvider clock)
    : ICommandHandler<AnnounceUserUpdatesCommand, int>
{
    public async ValueTask<int> Handle(AnnounceUserUpdatesCommand command, CancellationToken cancellationToken)
    {
        var user = command.User;
        var offered = (await available.FindAsync(user, cancellationToken)).Where(u => u.IsOffered).ToList();
        if (offered.Count == 0)
        {
            return 0;
        }

        var known = (await db.UpdateAnnouncements.AsNoTracking().Where(a => a.UserId == user)
            .Select(a => new { a.AppName, a.Version }).ToListAsync(cancellationToken))
            .Select(a => (a.AppName, a.Version)).ToHashSet();
        var fresh = offered.Where(u => !known.Contains((u.AppName, u.LatestVersion))).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var update in fresh)
        {
            db.UpdateAnnouncements.Add(UpdateAnnouncement.Of(user, update.AppName, update.LatestVersion, now));
            var data = new Dictionary<string, object?>
            {
                ["app"] = update.AppName,
                ["source"] = update.Source,
                ["installed_version"] = update.InstalledVersion,
                ["latest_version"] = update.LatestVersion,
            };
            await NotificationOutbox.EnqueueAsync(db, user, NotificationEvents.UpdateAvailable, data, now, cancellationToken);
        }

        // The announcements and their outbox rows commit together, or not at all.
        await db.SaveChangesAsync(cancellationToken);
        return fresh.Count;
    }
}
