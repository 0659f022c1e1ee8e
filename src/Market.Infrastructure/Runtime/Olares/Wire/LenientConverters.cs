using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Market.Infrastructure.Runtime.Olares.Wire;

// app-service is read the way the original Go client reads it: a field of the wrong kind is absent,
// not an error. These converters give each property that rule; the records stay plain.

/// <summary>A JSON string as it is; anything else (null, numbers, objects) <c>""</c>.</summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? string.Empty;
        }

        reader.Skip();
        return string.Empty;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary><c>true</c> or <c>false</c>; anything else false.</summary>
internal sealed class LenientBoolConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType == JsonTokenType.True;
        reader.Skip();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}

/// <summary><c>progress</c>: a string as it is, a number with at most two decimals, anything else null.</summary>
internal sealed class LenientProgressConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number when reader.TryGetDouble(out var number):
                return number.ToString("0.##", CultureInfo.InvariantCulture);
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>An object read as <typeparamref name="T"/>; anything else null.</summary>
internal sealed class LenientObjectConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return JsonSerializer.Deserialize(ref reader, AppServiceWire.TypeInfo<T>());
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value!, AppServiceWire.TypeInfo<T>());
}

/// <summary>An array's objects read as <typeparamref name="T"/> (other items skipped); anything but an array null.</summary>
internal sealed class LenientListConverter<T> : JsonConverter<IReadOnlyList<T>?>
    where T : class
{
    public override bool HandleNull => true;

    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        return ReadItems(ref reader, AppServiceWire.TypeInfo<T>());
    }

    /// <summary>Reads the items of the array the reader stands at the start of.</summary>
    public static List<T> ReadItems(ref Utf8JsonReader reader, JsonTypeInfo<T> item)
    {
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject && JsonSerializer.Deserialize(ref reader, item) is { } value)
            {
                items.Add(value);
            }
            else
            {
                reader.Skip();
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value ?? [])
        {
            JsonSerializer.Serialize(writer, item, AppServiceWire.TypeInfo<T>());
        }

        writer.WriteEndArray();
    }
}
