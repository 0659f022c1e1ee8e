using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Packages.Models;
using Market.Domain.Apps;
using Market.Domain.Sources;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Market.Application.Packages.Commands.DeleteLocalApp;

/// <summary>
/// Deletes the caller's package of one version. Refused while an install of the app is under way
/// (409) or while the app is installed (400, the original's rule). The catalog row then shows the
/// highest remaining version, or disappears with the last one.
/// </summary>
public sealed class DeleteLocalAppCommandHandler(
    IMarketDbContext db,
    IPackageStore store,
    IMarketEventBus events,
    IOptions<SystemOptions> systemOptions,
    TimeProvider clock) : ICommandHandler<DeleteLocalAppCommand, DeletedLocalAppDto>
{
    public async ValueTask<DeletedLocalAppDto> Handle(DeleteLocalAppCommand command, CancellationToken cancellationToken)
    {
        var user = command.User;
        var name = command.AppName!;
        var version = command.AppVersion!;
        var sourceId = string.IsNullOrEmpty(command.Source) ? MarketSource.UploadId : command.Source;

        if (!await db.MarketSources.AnyAsync(s => s.Id == sourceId, cancellationToken))
        {
            throw new NotFoundException($"Source '{sourceId}' not found");
        }

        var packages = await db.AppPackages
            .Where(p => p.SourceId == sourceId && p.Owner == user && p.Name == name)
            .ToListAsync(cancellationToken);
        var package = packages.FirstOrDefault(p => p.Version == version)
            ?? throw new NotFoundException($"App not found in source '{sourceId}'");

        var installing = await db.AppTasks.Where(AppTask.InstallingPackage)
            .AnyAsync(t => t.UserId == user && t.SourceId == sourceId && (t.AppName == name || t.RawAppName == name), cancellationToken);
        if (installing)
        {
            throw new ConflictException($"Cannot delete app {name}: app is currently being installed");
        }

        var installed = await db.UserApps.Where(UserApp.Installed)
            .Where(a => a.UserId == user && a.SourceId == sourceId && (a.AppName == name || a.RawAppName == name))
            .Select(a => a.AppName)
            .FirstOrDefaultAsync(cancellationToken);
        if (installed is not null)
        {
            throw new BadRequestException($"Cannot delete app: app (or its clone {installed}) is still installed. Please uninstall it first.");
        }

        var now = clock.GetUtcNow();
        db.AppPackages.Remove(package);
        packages.Remove(package);
        var zone = systemOptions.Value.UserZone.Replace("{user}", user, StringComparison.Ordinal);
        await PackageCatalog.ApplyAsync(db, sourceId, user, name, packages, zone, now.UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await store.DeleteAsync(package.StorageKey, CancellationToken.None);

        await events.PublishAsync(PackageEvents.Point(user, PackageEvents.LocalAppDelete, name, version, sourceId), cancellationToken);
        return new DeletedLocalAppDto(name, version, user, sourceId, now.ToUnixTimeSeconds());
    }
}
