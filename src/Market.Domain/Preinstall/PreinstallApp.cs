namespace Market.Domain.Preinstall;

/// <summary>One app of a preinstall declaration (olares-current §4), as validated.</summary>
public sealed record PreinstallApp(
    string AppId,
    string AppName,
    string InstallScope,
    int InstallOrder,
    string ChartSource,
    string? Version,
    string? Chart,
    string? ChartSha256,
    string? SelectedGpuType,
    IReadOnlyDictionary<string, string> Envs)
{
    public const string Shared = "shared";
    public const string PerUser = "per-user";
    public const string Catalog = "catalog";
    public const string Local = "local";

    public bool IsShared => InstallScope == Shared;

    public bool IsLocal => ChartSource == Local;
}
