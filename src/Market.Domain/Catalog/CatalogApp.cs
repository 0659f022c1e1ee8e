using Market.Domain.Common;

namespace Market.Domain.Catalog;

/// <summary>
/// One app of one source. Remote apps have an empty <see cref="Owner"/>; apps of a local source
/// belong to the user who uploaded them. <see cref="EntryJson"/> holds the full ApplicationInfoEntry.
/// Changes go through <see cref="ApplyListing"/> and <see cref="Delist"/>, which say whether anything a
/// user sees changed (that decides whether the catalog is announced as changed).
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

    public string Name { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    /// <summary>app, middleware, … (the manifest's <c>olaresManifest.type</c>).</summary>
    public string Type { get; private set; } = "app";

    /// <summary>JSON array of labels, e.g. <c>["suspend"]</c>.</summary>
    public string LabelsJson { get; private set; } = "[]";

    /// <summary>The ApplicationInfoEntry as the wire wants it (JSON object).</summary>
    public string EntryJson { get; private set; } = "{}";

    /// <summary>Digest of the summary the source published; a change triggers a refetch.</summary>
    public string SummaryHash { get; private set; } = string.Empty;

    /// <summary>Price block when the app is paid (JSON object), else null.</summary>
    public string? PriceJson { get; private set; }

    /// <summary>Hidden from catalogs (gone upstream or labelled suspend/remove) but kept for installed users.</summary>
    public bool IsDelisted { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>
    /// Shows what the source now publishes (listed again unless withdrawn). The summary digest is always
    /// kept; the rest, and <see cref="UpdatedAt"/>, only move when something differs.
    /// </summary>
    /// <returns>True when a user would see a difference (always for a row never listed before).</returns>
    public bool ApplyListing(CatalogListing listing, string summaryHash, DateTime now)
    {
        SummaryHash = summaryHash;
        var same = UpdatedAt != default
            && Name == listing.Name
            && Version == listing.Version
            && Type == listing.Type
            && IsDelisted == listing.Withdrawn
            && JsonDocuments.Same(LabelsJson, listing.LabelsJson)
            && JsonDocuments.Same(EntryJson, listing.EntryJson)
            && JsonDocuments.Same(PriceJson, listing.PriceJson);
        if (same)
        {
            return false;
        }

        Name = listing.Name;
        Version = listing.Version;
        Type = listing.Type;
        LabelsJson = listing.LabelsJson;
        EntryJson = listing.EntryJson;
        PriceJson = listing.PriceJson;
        IsDelisted = listing.Withdrawn;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Hides the app (gone upstream, or no longer usable on this Olares version); installed users keep it.
    /// A new <paramref name="summaryHash"/> is remembered so that an unchanged summary is not refetched.
    /// </summary>
    /// <returns>True when the app was listed until now.</returns>
    public bool Delist(DateTime now, string? summaryHash = null)
    {
        if (summaryHash is not null)
        {
            SummaryHash = summaryHash;
        }

        if (IsDelisted)
        {
            return false;
        }

        IsDelisted = true;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Sets the price config of an app whose source carries none in its listing (a local chart with its
    /// price shipped beside it). True when it changed.
    /// </summary>
    public bool SetPrice(string priceJson, DateTime now)
    {
        if (JsonDocuments.Same(PriceJson, priceJson))
        {
            return false;
        }

        PriceJson = priceJson;
        UpdatedAt = now;
        return true;
    }
}
