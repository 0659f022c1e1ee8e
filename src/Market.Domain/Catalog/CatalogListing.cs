namespace Market.Domain.Catalog;

/// <summary>
/// What a source publishes about one app: the fields a <see cref="CatalogApp"/> shows, as the sync of a
/// remote or the upload of a chart produced them. JSON values are documents (compared semantically).
/// </summary>
/// <param name="Withdrawn">Labelled <c>suspend</c> or <c>remove</c> upstream: kept, but hidden from catalogs.</param>
public sealed record CatalogListing(
    string Name,
    string Version,
    string Type,
    string EntryJson,
    string LabelsJson = "[]",
    string? PriceJson = null,
    bool Withdrawn = false);
