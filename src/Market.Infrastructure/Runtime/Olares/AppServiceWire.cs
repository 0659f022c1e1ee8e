using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Market.Infrastructure.Runtime.Olares.Wire;

namespace Market.Infrastructure.Runtime.Olares;

/// <summary>
/// The one reader of app-service's contract (<see cref="AppServiceApp"/>, <see cref="AppStateAnnouncement"/>,
/// through the generated <see cref="AppServiceJsonContext"/>), shared by the runtime adapter
/// (<see cref="OlaresAppRuntime"/>), the reconcile (<see cref="AppServiceReconciler"/>) and the NATS ingest
/// (<c>AppStateMessage</c>). Tolerant like the original client: a field of the wrong kind reads as absent.
/// </summary>
internal static class AppServiceWire
{
    /// <summary>
    /// The apps of an <c>all/apps</c> answer: a bare array, or the <c>data</c> array of an envelope; items that
    /// are not objects are skipped. Throws <see cref="JsonException"/> when the body is not JSON.
    /// </summary>
    public static IReadOnlyList<AppServiceApp> Apps(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read())
        {
            return [];
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return LenientListConverter<AppServiceApp>.ReadItems(ref reader, AppServiceJsonContext.Default.AppServiceApp);
        }

        var apps = new List<AppServiceApp>();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isData && reader.TokenType == JsonTokenType.StartArray)
                {
                    apps = LenientListConverter<AppServiceApp>.ReadItems(ref reader, AppServiceJsonContext.Default.AppServiceApp);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return apps;
    }

    /// <summary>An <c>AppStateMessage</c>; null when the text is not a JSON object.</summary>
    public static AppStateAnnouncement? Announcement(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                ? JsonSerializer.Deserialize(ref reader, AppServiceJsonContext.Default.AppStateAnnouncement)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>entranceStatuses</c> as name → state (the first of a name wins, the nameless skipped); null when there are none.</summary>
    public static Dictionary<string, string>? EntranceStates(IReadOnlyList<AppServiceEntranceStatus>? entranceStatuses)
    {
        var states = entranceStatuses?
            .Where(e => e.Name.Length > 0)
            .GroupBy(e => e.Name)
            .ToDictionary(g => g.Key, g => g.First().State, StringComparer.Ordinal);
        return states is { Count: > 0 } ? states : null;
    }

    /// <summary>The generated contract of <typeparamref name="T"/> (the converters read nested records through it).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>)(AppServiceJsonContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the app-service contract"));
}
