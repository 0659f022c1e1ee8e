namespace Market.Application.Common.Options;

/// <summary>
/// The provider choices of the configuration, typed. Each is configured as its exact name (checked at start
/// by the options' pattern, so <c>postgres</c> or <c>1</c> stop the host with the setting's message) and read
/// through the options' <c>Kind</c>, so code switches on an enum instead of comparing strings.
/// </summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

public enum HotStateProvider
{
    Memory,
    Redis,
}

public enum RuntimeProvider
{
    Simulated,
    Olares,
}

public enum PaymentsProvider
{
    TestMode,
    Olares,
}

internal static class ProviderName
{
    /// <summary>The configured name as its enum; the default (first) member until validation has refused a bad name.</summary>
    public static TProvider Parse<TProvider>(string name)
        where TProvider : struct, Enum =>
        Enum.TryParse<TProvider>(name, ignoreCase: false, out var kind) && Enum.IsDefined(kind) ? kind : default;
}
