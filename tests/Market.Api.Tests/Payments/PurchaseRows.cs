using Market.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Payments;

/// <summary>Reads purchase and task rows straight from the database.</summary>
public static class PurchaseRows
{
    public static async Task<string?> VcOfAsync<T>(WebApplicationFactory<T> factory, string user)
        where T : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        return await db.Purchases.AsNoTracking().Where(p => p.UserId == user).Select(p => p.Vc).FirstOrDefaultAsync();
    }

    public static async Task<bool> TaskRowsContainAsync<T>(WebApplicationFactory<T> factory, string secret)
        where T : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var tasks = await db.AppTasks.AsNoTracking().ToListAsync();
        var history = await db.HistoryRecords.AsNoTracking().ToListAsync();
        return tasks.Any(t => $"{t.RequestJson}{t.ResultJson}{t.BackendResponseJson}{t.Error}".Contains(secret, StringComparison.Ordinal))
            || history.Any(h => $"{h.Message}{h.Extended}".Contains(secret, StringComparison.Ordinal));
    }
}
