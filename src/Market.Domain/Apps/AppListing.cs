namespace Market.Domain.Apps;

/// <summary>What an install or upgrade takes from the catalog entry it installs: where it comes from and how it shows.</summary>
public sealed record AppListing(string SourceId, string AppId, string Version, string Title, string Icon, IReadOnlyList<AppEntrance> Entrances);
