using System.Text.Json;
using Market.Application.Common.Events;
using Market.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Infrastructure.Nats;

/// <summary>
/// The <c>app_state_change</c> body of an app as the database has it right now: what the publish buffer sends
/// instead of announcements that an outage made stale (ADR 0014).
/// </summary>
internal sealed class NatsStateRefresh(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>The body, or null when the user no longer has the app.</summary>
    public async Task<byte[]?> BodyAsync(string user, string app, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        var row = await db.UserApps.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == user && a.AppName == app, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return JsonSerializer.SerializeToUtf8Bytes(NatsWire.Body(AppStatePublisher.EventFor(row, now), now));
    }
}
