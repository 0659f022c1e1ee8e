using Market.Application.Common.Interfaces;
using Market.Domain.History;
using Market.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.History;

/// <summary>Writes audit records in their own scope, so a caller's failed transaction never loses the record of it.</summary>
internal sealed class HistoryService(IServiceScopeFactory scopes, TimeProvider clock) : IHistoryService
{
    public async Task<long> RecordAsync(HistoryEntry entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = clock.GetUtcNow();
        var record = new HistoryRecord(entry.Type, entry.Message, now.ToUnixTimeSeconds(), entry.App, entry.Account, entry.Extended)
        {
            CreatedAt = now.UtcDateTime,
        };
        db.HistoryRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record.Id;
    }
}
