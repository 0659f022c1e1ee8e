using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments;

/// <summary>
/// Reads a purchased app's VC from the database when an install or clone is submitted, so that it never
/// has to be stored in the task (and a replica that takes a task over can still add it).
/// </summary>
public sealed class PurchaseCredentials(IMarketDbContext db) : IPurchaseCredentials
{
    public const string EnvName = "VERIFIABLE_CREDENTIAL";

    public async Task<string?> FindVcAsync(string user, string source, string appName, CancellationToken cancellationToken)
    {
        var appIds = await db.CatalogApps.AsNoTracking()
            .Where(a => a.SourceId == source && (a.Name == appName || a.AppId == appName))
            .Select(a => a.AppId)
            .ToListAsync(cancellationToken);
        var purchases = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == user && (p.AppName == appName || p.AppId == appName || appIds.Contains(p.AppId)) && p.Vc != null)
            .OrderByDescending(p => p.UpdatedAt)
            .ToListAsync(cancellationToken);
        return purchases.FirstOrDefault(p => p.IsConfirmed)?.Vc;
    }

    /// <summary>
    /// The operation with <c>VERIFIABLE_CREDENTIAL</c> added for install and clone of a purchased app
    /// (overriding a caller's env of that name); other operations are returned unchanged.
    /// The one hook the task engine calls right before submitting.
    /// </summary>
    public static async Task<RuntimeOperation> AddToAsync(IPurchaseCredentials credentials, RuntimeOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Type is not (OpType.Install or OpType.Clone))
        {
            return operation;
        }

        var appName = operation.Type == OpType.Clone && operation.RawAppName.Length > 0 ? operation.RawAppName : operation.AppName;
        var vc = await credentials.FindVcAsync(operation.User, operation.Source, appName, cancellationToken);
        return vc is null
            ? operation
            : operation with { Envs = [.. operation.Envs.Where(e => e.EnvName != EnvName), new AppEnv(EnvName, vc)] };
    }
}
