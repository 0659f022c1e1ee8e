namespace Market.Domain.Catalog;

/// <summary>
/// One app of one source. Remote apps have an empty <see cref="Owner"/>; apps of a local source
/// belong to the user who uploaded them. <see cref="EntryJson"/> holds the full ApplicationInfoEntry.
/// </summary>
public class CatalogApp
{
    private CatalogApp()
    {
    }

    public CatalogApp(string sourceId, string owner, string appId, string name)
    {
        SourceId = sourceId;
        Owner = owner;
        AppId = appId;
        Name = name;
    }

    public long Id { get; private set; }

    public string SourceId { get; private set; } = string.Empty;

    /// <summary>Uploading user for local sources; empty for remote catalogs.</summary>
    public string Owner { get; private set; } = string.Empty;

    public string AppId { get; private set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    /// <summary>app, middleware, … (the manifest's <c>olaresManifest.type</c>).</summary>
    public string Type { get; set; } = "app";

    /// <summary>JSON array of labels, e.g. <c>["suspend"]</c>.</summary>
    public string LabelsJson { get; set; } = "[]";

    /// <summary>The ApplicationInfoEntry as the wire wants it (JSON object).</summary>
    public string EntryJson { get; set; } = "{}";

    /// <summary>Digest of the summary the source published; a change triggers a refetch.</summary>
    public string SummaryHash { get; set; } = string.Empty;

    /// <summary>Price block when the app is paid (JSON object), else null.</summary>
    public string? PriceJson { get; set; }

    /// <summary>Hidden from catalogs (gone upstream or labelled suspend/remove) but kept for installed users.</summary>
    public bool IsDelisted { get; set; }

    public DateTime UpdatedAt { get; set; }
}
