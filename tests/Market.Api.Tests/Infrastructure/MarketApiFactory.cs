namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The whole service in embedded mode (SQLite in a fresh temp folder, in-process hot state, simulated
/// runtime with fast steps). Nothing leaves the machine: the built-in remote points at a closed port.
/// Pass extra settings to override any configuration key.
/// </summary>
public sealed class MarketApiFactory(IReadOnlyDictionary<string, string?>? settings = null) : MarketFactoryBase("market-tests", settings)
{
    protected override IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Market:Storage:Provider"] = "Sqlite",
        ["Market:Storage:SqlitePath"] = Path.Combine(DataFolder, "market.db"),
        ["Market:HotState:Provider"] = "Memory",
    };
}
