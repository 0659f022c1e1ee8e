using System.Text.Json;
using Market.Application.Common.Interfaces;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>The latest announcement per user app in the hot state, so the replica following an operation sees what another replica ingested.</summary>
internal sealed class HotStateAppStateFeed(IHotStateStore hotState) : IAppStateFeed
{
    public async ValueTask RecordAsync(AppStateReport report, CancellationToken cancellationToken)
    {
        try
        {
            await hotState.HashSetAsync(HotStateKeys.UserAppAnnouncements(report.User), report.AppName, JsonSerializer.Serialize(report), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Hot state away: the follower falls back to polling app-service.
        }
    }

    public async ValueTask<AppStateReport?> LatestAsync(string user, string appName, CancellationToken cancellationToken)
    {
        try
        {
            var all = await hotState.HashGetAllAsync(HotStateKeys.UserAppAnnouncements(user), cancellationToken);
            return all.TryGetValue(appName, out var json) ? JsonSerializer.Deserialize<AppStateReport>(json) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
