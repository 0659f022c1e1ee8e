namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The whole service in embedded mode (SQLite in a fresh temp folder, in-process hot state, simulated
/// runtime with fast steps). Nothing leaves the machine: the built-in remote points at a closed port.
/// Pass extra settings to override any configuration key; <paramref name="waitsForDatabase"/> false hands the host out
/// as soon as it listens, before its database is migrated (the start-up tests).
/// </summary>
public sealed class MarketApiFactory(IReadOnlyDictionary<string, string?>? settings = null, bool waitsForDatabase = true)
    : MarketFactoryBase("market-tests", settings)
{
    protected override bool WaitsForDatabase => waitsForDatabase;

    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Market:Storage:Provider"] = "Sqlite",
        ["Market:Storage:SqlitePath"] = Path.Combine(DataFolder, "market.db"),
        ["Market:HotState:Provider"] = "Memory",
    };
}
