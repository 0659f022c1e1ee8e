using System.Text.Json;
using System.Text.Json.Serialization;

namespace Market.Application.Sources.Models;

/// <summary>
/// An app a remote lists that its catalog does not show, and why (<see cref="Market.Domain.Sources.HeldBackReasons"/>);
/// an app held back for the cluster's Olares version also names the versions it requires.
/// </summary>
public sealed record HeldBackAppDto(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("required_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequiredVersion = null)
{
    /// <summary>The stored form: a JSON array sorted by app id.</summary>
    public static string Write(IEnumerable<HeldBackAppDto> apps) =>
        JsonSerializer.Serialize(apps.OrderBy(a => a.AppId, StringComparer.Ordinal).ToList());

    /// <summary>The stored list; an unreadable one reads as empty (it is rebuilt by the next sync).</summary>
    public static IReadOnlyList<HeldBackAppDto> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<HeldBackAppDto>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
