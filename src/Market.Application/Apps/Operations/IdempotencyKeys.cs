using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Apps.Operations;

/// <summary>An <c>Idempotency-Key</c> names the first task a user created with it.</summary>
public static class IdempotencyKeys
{
    public static Task<AppTask?> FindAsync(IMarketDbContext db, string user, string? key, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(key)
            ? Task.FromResult<AppTask?>(null)
            : db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.UserId == user && t.IdempotencyKey == key, cancellationToken);
}
