using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Updates.Models;
using Market.Domain.Apps;
using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates;

/// <summary>What hold and skip share: the installed app they name, its stored choice (created on first use), saving and announcing it.</summary>
public sealed class UpdateChoices(IMarketDbContext db, IMarketEventBus events, TimeProvider clock)
{
    public async Task<UpdateChoiceDto> ChangeAsync(string user, string appName, Func<UpdatePreference, DateTime, bool> change, CancellationToken cancellationToken)
    {
        var installed = await db.UserApps.AsNoTracking().Where(a => a.UserId == user && a.AppName == appName).Where(UserApp.Installed).AnyAsync(cancellationToken);
        if (!installed)
        {
            throw new NotFoundException($"App {appName} is not installed");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var choice = await db.UpdatePreferences.FirstOrDefaultAsync(p => p.UserId == user && p.AppName == appName, cancellationToken);
        if (choice is null)
        {
            choice = new UpdatePreference(user, appName, now);
            db.UpdatePreferences.Add(choice);
        }

        if (change(choice, now))
        {
            await db.SaveChangesAsync(cancellationToken);
            await events.PublishAsync(UpdateEvents.Changed(user, appName), cancellationToken);
        }

        return new UpdateChoiceDto(choice.AppName, choice.Held, choice.SkippedVersion);
    }
}
