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
/// Deletes every version of the caller's app in a local source, as the shipped backend does
/// (olares-current §5): the packages, their stored archives, and for upload-source apps the caller's
/// state row too (so a <c>downloadFailed</c> row can be cleared). Refused while the app (or a clone)
/// is being installed (409) or is installed (400). Nothing to delete is not an error: the answer is
/// 200 with <c>deleted_rows</c> 0, which the CLI reports as done.
/// </summary>
public sealed class DeleteLocalAppCommandHandler(
    IMarketDbContext db,
    IPackageStore store,
    IMarketEventBus events,
    IOptions<SystemOptions> systemOptions,
    TimeProvider clock) : ICommandHandler<DeleteLocalAppCommand, DeletedLocalAppDto>
{
    public static string StillInstalled(string name) => $"app (or its clone {name}) is still installing/running; please uninstall it first";

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

        var installing = await db.AppTasks.Where(AppTask.InstallingPackage)
            .Where(t => t.UserId == user && t.SourceId == sourceId && (t.AppName == name || t.RawAppName == name))
            .Select(t => t.AppName)
            .FirstOrDefaultAsync(cancellationToken);
        if (installing is not null)
        {
            throw new ConflictException(StillInstalled(installing));
        }

        var installed = await db.UserApps.Where(UserApp.Installed)
            .Where(a => a.UserId == user && a.SourceId == sourceId && (a.AppName == name || a.RawAppName == name))
            .Select(a => a.AppName)
            .FirstOrDefaultAsync(cancellationToken);
        if (installed is not null)
        {
            throw new BadRequestException(StillInstalled(installed));
        }

        var packages = await db.AppPackages
            .Where(p => p.SourceId == sourceId && p.Owner == user && p.Name == name)
            .ToListAsync(cancellationToken);
        var stateRows = sourceId == MarketSource.UploadId
            ? await db.UserApps.Where(a => a.UserId == user && a.SourceId == sourceId && a.AppName == name).ToListAsync(cancellationToken)
            : [];

        var now = clock.GetUtcNow();
        db.AppPackages.RemoveRange(packages);
        db.UserApps.RemoveRange(stateRows);
        if (packages.Count > 0)
        {
            var zone = systemOptions.Value.UserZone.Replace("{user}", user, StringComparison.Ordinal);
            await PackageCatalog.ApplyAsync(db, sourceId, user, name, [], zone, now.UtcDateTime, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var package in packages)
        {
            await store.DeleteAsync(package.StorageKey, CancellationToken.None);
        }

        if (packages.Count + stateRows.Count > 0)
        {
            await events.PublishAsync(PackageEvents.Point(user, PackageEvents.LocalAppDelete, name, version, sourceId), cancellationToken);
        }

        return new DeletedLocalAppDto(name, version, user, sourceId, now.ToUnixTimeSeconds(), packages.Count + stateRows.Count);
    }
}
