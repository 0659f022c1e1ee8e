using System.Text.Json;
using System.Text.Json.Serialization;

namespace Market.Application.Common.Catalog;

/// <summary>Which of the three documents over a user's view is written.</summary>
public enum MarketDocumentKind
{
    /// <summary><c>/market/data</c>: app infos, states and <c>others</c>.</summary>
    Data,

    /// <summary><c>/market/state</c>: states only.</summary>
    State,

    /// <summary><c>/market/statesimple</c>: states plus sparse app infos (omitted when empty).</summary>
    StateSimple,
}

/// <summary>
/// <c>{user_data: {sources: {id: {type, app_info_latest, app_state_latest, others?}}, hash}, user_id, timestamp}</c>,
/// written straight from the cached segments: no re-serialization of the catalog per request.
/// </summary>
[JsonConverter(typeof(MarketDocumentConverter))]
public sealed class MarketDocument(
    UserMarketView view,
    MarketDocumentKind kind,
    long timestamp,
    IReadOnlyDictionary<string, JsonSegment>? simpleInfos = null)
{
    public UserMarketView View { get; } = view;

    public MarketDocumentKind Kind { get; } = kind;

    public long Timestamp { get; } = timestamp;

    /// <summary>For <see cref="MarketDocumentKind.StateSimple"/>: the sparse <c>app_info_latest</c> per source.</summary>
    public IReadOnlyDictionary<string, JsonSegment>? SimpleInfos { get; } = simpleInfos;
}

/// <summary>Writes a <see cref="MarketDocument"/>; reading is never needed.</summary>
public sealed class MarketDocumentConverter : JsonConverter<MarketDocument>
{
    public override MarketDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("market documents are written only");

    public override void Write(Utf8JsonWriter writer, MarketDocument value, JsonSerializerOptions options)
    {
        var chunks = MarketDocumentBytes.Chunks(value);
        var whole = new byte[chunks.Sum(c => c.Length)];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(whole.AsSpan(at));
            at += chunk.Length;
        }

        writer.WriteRawValue(whole, skipInputValidation: true);
    }
}

/// <summary>Pre-serialized JSON put into a response as is (e.g. the <c>POST /apps</c> answer).</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson(byte[] utf8)
{
    public byte[] Utf8 { get; } = utf8;
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}

/// <summary><c>If-None-Match</c> against the market hash, as an entity tag.</summary>
public static class MarketETag
{
    public static string Format(string hash) => $"\"{hash}\"";

    /// <summary>True when any listed tag (quoted or not, weak or strong) or <c>*</c> names the hash.</summary>
    public static bool Matches(string? ifNoneMatch, string hash)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch) || hash.Length == 0)
        {
            return false;
        }

        foreach (var raw in ifNoneMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
            if (tag == "*" || tag.Trim('"') == hash)
            {
                return true;
            }
        }

        return false;
    }
}
