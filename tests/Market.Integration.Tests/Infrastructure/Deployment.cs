using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Market.Integration.Tests.Infrastructure;

/// <summary>One fresh deployment (its own PostgreSQL database and Redis key prefix), dropped when disposed.</summary>
public sealed class Deployment : IAsyncDisposable
{
    private Deployment(string postgres, string redis, string keyPrefix)
    {
        Postgres = postgres;
        Redis = redis;
        KeyPrefix = keyPrefix;
    }

    public string Postgres { get; }

    public string Redis { get; }

    public string KeyPrefix { get; }

    public static async Task<Deployment> CreateAsync()
    {
        var (postgres, redis, prefix) = await MarketIntegrationFactory.CreateDeploymentAsync();
        return new Deployment(postgres, redis, prefix);
    }

    /// <summary>A replica of this deployment; two replicas share the database and the Redis prefix.</summary>
    public MarketIntegrationFactory StartReplica(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Postgres, Redis, KeyPrefix, settings);

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(Postgres);
}

public static class Http
{
    public const string Prefix = "/app-store/api/v2";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
