using System.Text.Json.Nodes;
using Market.Domain.Catalog;

namespace Market.Application.Common.Catalog;

/// <summary>
/// One catalog app as the read path keeps it in memory: identity, the stored entry as UTF-8 (parsed
/// again only for the few apps a detail request asks for) and its pre-serialized <c>app_info_latest</c> item.
/// </summary>
public sealed class CatalogItem
{
    public required string SourceId { get; init; }

    public required string Owner { get; init; }

    public required string AppId { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Type { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public required bool IsDelisted { get; init; }

    public required byte[] EntryUtf8 { get; init; }

    public string? PriceJson { get; init; }

    /// <summary>The item of <c>app_info_latest</c>: <c>{type, timestamp, version?, app_simple_info}</c>.</summary>
    public required byte[] InfoItem { get; init; }

    public static CatalogItem From(CatalogApp app)
    {
        var entryUtf8 = System.Text.Encoding.UTF8.GetBytes(string.IsNullOrWhiteSpace(app.EntryJson) ? "{}" : app.EntryJson);
        var entry = ParseEntry(entryUtf8);
        return new CatalogItem
        {
            SourceId = app.SourceId,
            Owner = app.Owner,
            AppId = app.AppId,
            Name = app.Name,
            Version = app.Version,
            Type = app.Type,
            UpdatedAt = app.UpdatedAt,
            IsDelisted = app.IsDelisted,
            EntryUtf8 = entryUtf8,
            PriceJson = app.PriceJson,
            InfoItem = CatalogWire.WriteInfoItem(app.AppId, app.Name, app.Version, app.UpdatedAt, entry),
        };
    }

    public JsonObject Entry() => ParseEntry(EntryUtf8);

    private static JsonObject ParseEntry(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            // A broken entry must not take the whole catalog down; the app shows with its row's fields.
            return [];
        }
    }
}
