using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Api.Tests.Infrastructure;
using Market.Domain.Catalog;
using Market.Domain.Packages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Packages;

/// <summary>Looks into the service the way a reader of the database and the event stream would.</summary>
internal static class PackageTestSupport
{
    public static async Task<List<CatalogApp>> CatalogRowsAsync(this MarketApiFactory factory, string source)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.CatalogApps.AsNoTracking().Where(a => a.SourceId == source).OrderBy(a => a.Name).ToListAsync();
    }

    public static async Task<List<AppPackage>> PackageRowsAsync(this MarketApiFactory factory, string source)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        return await db.AppPackages.AsNoTracking().Where(a => a.SourceId == source).OrderBy(a => a.Name).ThenBy(a => a.Version).ToListAsync();
    }

    public static async Task WithDbAsync(this MarketApiFactory factory, Func<IMarketDbContext, Task> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMarketDbContext>();
        await action(db);
    }

    public static JsonObject Entry(this CatalogApp app) => JsonNode.Parse(app.EntryJson)!.AsObject();
}

/// <summary>Collects every market event the service publishes.</summary>
internal sealed class EventRecorder : IDisposable
{
    private readonly ConcurrentQueue<MarketEvent> _events = new();
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _arrived = new(0);

    public EventRecorder(MarketApiFactory factory)
    {
        _subscription = factory.Services.GetRequiredService<IMarketEventBus>().Subscribe(e =>
        {
            _events.Enqueue(e);
            _arrived.Release();
            return ValueTask.CompletedTask;
        });
    }

    public IReadOnlyList<MarketEvent> Events => [.. _events];

    /// <summary>Waits for the first event with the given point (bounded, so a missing event fails instead of hanging).</summary>
    public async Task<MarketEvent> WaitForPointAsync(string point)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = _events.FirstOrDefault(e => e.Payload["point"]?.GetValue<string>() == point);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no '{point}' event was published");
            }
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _arrived.Dispose();
    }
}
