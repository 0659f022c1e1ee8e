using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;

namespace Market.Application.Payments;

/// <summary>
/// <c>token_info</c>: what the frontend needs to pay on chain. Entries come from the app's price config
/// (the paid block and the bought product), enriched by the developer directory's matching product and
/// chain (decimals, contract, amount, icon); without a price config, from the directory alone.
/// </summary>
public static class TokenInfo
{
    public static JsonArray Build(PriceConfig? price, string productId, DeveloperInfo? developer)
    {
        var directory = developer?.Products.FirstOrDefault(p => p.ProductId == productId)?.Prices ?? [];
        var entries = new List<JsonObject>();
        if (price is not null)
        {
            entries.AddRange(price.PaidPrices);
            if (price.Product(productId)?["price"] is JsonArray productPrices)
            {
                entries.AddRange(productPrices.OfType<JsonObject>());
            }
        }
        else
        {
            entries.AddRange(directory);
        }

        var result = new JsonArray();
        foreach (var entry in entries)
        {
            var chain = Text(entry, "chain");
            var symbol = Text(entry, "token_symbol");
            if (chain.Length == 0 || symbol.Length == 0)
            {
                continue;
            }

            var match = directory.FirstOrDefault(d => Text(d, "chain") == chain && Text(d, "token_symbol") == symbol)
                ?? directory.FirstOrDefault(d => Text(d, "chain") == chain);
            var item = new JsonObject
            {
                ["chain"] = chain,
                ["token_symbol"] = symbol,
                ["token_decimals"] = Int(match, "token_decimals") ?? Int(entry, "token_decimals") ?? 0,
            };
            AddIfAny(item, "token_contract", Text(match, "token_contract"), Text(entry, "token_contract"));
            AddIfAny(item, "token_amount", Text(match, "token_amount"), Text(entry, "token_amount"), Text(entry, "product_price"));
            AddIfAny(item, "token_icon", Text(match, "token_icon"), Text(entry, "token_icon"));
            AddIfAny(item, "receive_wallet", Text(entry, "receive_wallet"), Text(match, "receive_wallet"));
            result.Add(item);
        }

        return result;
    }

    private static void AddIfAny(JsonObject item, string key, params string[] candidates)
    {
        var value = candidates.FirstOrDefault(c => c.Length > 0);
        if (value is not null)
        {
            item[key] = value;
        }
    }

    private static string Text(JsonObject? obj, string key) => obj?[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => string.Empty,
    };

    private static int? Int(JsonObject? obj, string key) => obj?[key] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var parsed) => parsed,
        _ => null,
    };
}
