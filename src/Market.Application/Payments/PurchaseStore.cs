using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Application.Payments;

/// <summary>
/// Reads and writes purchases in the database, never in one process's memory: every replica sees the
/// same state, before and after a restart. A change is a function applied to a freshly read row and
/// stored under optimistic concurrency; a concurrent writer makes it run again on the newer row.
/// </summary>
public sealed class PurchaseStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int MaxAttempts = 10;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Purchase?> FindAsync(string user, string appId, string productId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.Purchases.AsNoTracking()
            .FirstOrDefaultAsync(p => p.UserId == user && p.AppId == appId && p.ProductId == productId, cancellationToken);
    }

    public async Task<Purchase?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>The user's purchase of this app, created when there is none (two racing creators end with the same row).</summary>
    public async Task<Purchase> GetOrCreateAsync(PaidApp app, string user, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await FindAsync(user, app.RealAppId, app.ProductId, cancellationToken) is { } existing)
            {
                return existing;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var purchase = Purchase.Start(user, app.App.SourceId, app.RealAppId, app.App.Name, app.ProductId, app.Price?.DeveloperName ?? string.Empty, Now);
            db.Purchases.Add(purchase);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return purchase;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another request created it first (unique user, app, product): use that one.
            }
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current row and stores it; returns the stored purchase and the change's result.</summary>
    public async Task<(Purchase Purchase, T Result)> UpdateAsync<T>(long id, Func<Purchase, T> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
            var purchase = await db.Purchases.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
                ?? throw new NotFoundException("payment state not found");
            var result = change(purchase);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (purchase, result);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone else changed it between our read and our write: read again and re-apply.
            }
        }
    }
}
