using Market.Application.Common.Interfaces;
using Market.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates;

/// <summary>A user's <c>Idempotency-Key</c> names the first batch started with it.</summary>
public static class UpdateBatches
{
    public static Task<UpdateBatch?> FindAsync(IMarketDbContext db, string user, string? key, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(key)
            ? Task.FromResult<UpdateBatch?>(null)
            : db.UpdateBatches.AsNoTracking().FirstOrDefaultAsync(b => b.UserId == user && b.IdempotencyKey == key, cancellationToken);
}
