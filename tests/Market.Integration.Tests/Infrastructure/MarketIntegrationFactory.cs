
namespace Market.Integration.Tests.Infrastructure;

/// <summary>
/// One service instance on real PostgreSQL + Redis. Two factories given the same database and key
/// prefix behave as two replicas of one deployment.
/// </summary>
public sealed class MarketIntegrationFactory(
    string postgres,
    string redis,
    string keyPrefix,
    IReadOnlyDictionary<string, string?>? settings = null) : MarketFactoryBase("market-it", settings)
{
    /// <summary>A fresh database (migrated by the service on start) and a unique Redis key prefix.</summary>
    public static async Task<(string Postgres, string Redis, string KeyPrefix)> CreateDeploymentAsync() =>
        (await TestInfrastructure.CreateDatabaseAsync(), await TestInfrastructure.GetRedisAsync(), $"market-test:{Guid.NewGuid():N}:");

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Market:Storage:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = postgres,
        ["Market:HotState:Provider"] = "Redis",
        ["Market:HotState:KeyPrefix"] = keyPrefix,
        ["ConnectionStrings:Redis"] = redis,
    };
}
