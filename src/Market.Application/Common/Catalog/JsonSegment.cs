using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Market.Application.Common.Catalog;

/// <summary>
/// A pre-serialized piece of a response (an <c>app_info_latest</c> array, a user's states, a source's
/// <c>others</c>) with the SHA-256 of its bytes. Responses are stitched from segments; hashes of
/// segments make the user's market hash.
/// </summary>
public sealed class JsonSegment
{
    private JsonSegment(byte[] utf8, string hash)
    {
        Utf8 = utf8;
        Hash = hash;
    }

    public static JsonSegment EmptyArray { get; } = FromUtf8("[]"u8.ToArray());

    /// <summary>Compact JSON that never escapes non-ASCII letters (titles in any language stay readable and small).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>Serializer options with the same encoder, for DTOs written into segments.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = null,
    };

    public byte[] Utf8 { get; }

    /// <summary>Lower-hex SHA-256 of <see cref="Utf8"/>.</summary>
    public string Hash { get; }

    public int Length => Utf8.Length;

    public static JsonSegment FromUtf8(byte[] utf8) => new(utf8, Convert.ToHexStringLower(SHA256.HashData(utf8)));

    /// <summary>Rebuilds a segment read back from a cache with its known hash (no re-hashing on the hot path).</summary>
    public static JsonSegment FromCache(byte[] utf8, string hash) => new(utf8, hash);

    /// <summary>Writes with a fresh writer into a new segment.</summary>
    public static JsonSegment Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return FromUtf8(buffer.WrittenSpan.ToArray());
    }

    public override string ToString() => Encoding.UTF8.GetString(Utf8);
}
