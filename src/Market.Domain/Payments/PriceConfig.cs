using System.Text.Json.Nodes;
using static Market.Domain.Common.JsonText;

namespace Market.Domain.Payments;

/// <summary>
/// An app's price block (<c>{developer, paid: {product_id, price: [...], description}, products: [...]}</c>)
/// and the three rules every payment route shares: is the app paid, which product is bought, which app id is real.
/// </summary>
public sealed class PriceConfig
{
    private PriceConfig(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public string DeveloperName => Text(Json["developer"]).Trim();

    /// <summary>Paid = a <c>paid</c> block with a non-empty <c>price</c>; products alone do not make an app paid.</summary>
    public bool IsPaid => Json["paid"] is JsonObject paid && paid["price"] switch
    {
        JsonArray array => array.Count > 0,
        JsonValue value => Text(value).Length > 0,
        JsonObject obj => obj.Count > 0,
        _ => false,
    };

    /// <summary>The price entries of the paid block (<c>{chain, token_symbol, receive_wallet, product_price}</c>).</summary>
    public IEnumerable<JsonObject> PaidPrices => Json["paid"]?["price"] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>The product entry with this id among <c>products</c>, if any.</summary>
    public JsonObject? Product(string productId) =>
        Json["products"] is JsonArray products ? products.OfType<JsonObject>().FirstOrDefault(p => Text(p["product_id"]) == productId) : null;

    /// <summary>
    /// The one product-id rule of status, purchase, restore and state creation:
    /// <c>paid.product_id</c>, else the first <c>products[].product_id</c>, else the real app id.
    /// (The original used a different order on the status route, so it never saw some purchases.)
    /// </summary>
    public string ProductIdFor(string realAppId)
    {
        var paid = Text(Json["paid"]?["product_id"]).Trim();
        if (paid.Length > 0)
        {
            return paid;
        }

        var first = Json["products"] is JsonArray products && products.Count > 0 ? Text(products[0]?["product_id"]).Trim() : string.Empty;
        return first.Length > 0 ? first : realAppId;
    }

    /// <summary>The price block of a catalog row, or null when the app has none (free).</summary>
    public static PriceConfig? Parse(string? priceJson)
    {
        if (string.IsNullOrWhiteSpace(priceJson))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(priceJson) is JsonObject obj && obj.Count > 0 ? new PriceConfig(obj) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The app id the purchase is keyed by: the catalog entry's <c>id</c> when present, else the id the caller used.</summary>
    public static string RealAppId(string? entryId, string requestedId) => string.IsNullOrWhiteSpace(entryId) ? requestedId : entryId;
}
