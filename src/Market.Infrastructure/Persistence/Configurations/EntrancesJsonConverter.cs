using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Domain.Apps;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Market.Infrastructure.Persistence.Configurations;

/// <summary>
/// <see cref="UserApp.Entrances"/> as the JSON array the column has always held
/// (<c>[{id, name, state, statusTime, url, invisible, authLevel …}]</c>, camelCase).
/// </summary>
internal sealed class EntrancesJsonConverter() : ValueConverter<IReadOnlyList<AppEntrance>, string>(
    entrances => JsonSerializer.Serialize(entrances, Json),
    json => Read(json))
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Entrances compare by value (records), so a changed state is a changed column.</summary>
    public static ValueComparer<IReadOnlyList<AppEntrance>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        list => list.Aggregate(0, (hash, e) => HashCode.Combine(hash, e.GetHashCode())),
        list => list.ToList());

    private static IReadOnlyList<AppEntrance> Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<AppEntrance>>(json, Json) ?? [];
}
