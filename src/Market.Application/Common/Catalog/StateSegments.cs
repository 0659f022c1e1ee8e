using System.Text.Json;
using Market.Application.Apps.Models;
using Market.Domain.Apps;

namespace Market.Application.Common.Catalog;

/// <summary>A user's <c>app_state_latest</c> arrays, one per source, from their <c>UserApp</c> rows.</summary>
public static class StateSegments
{
    /// <param name="cfgTypeOf">The <c>cfgType</c> of an app's catalog entry, or null when the catalog no longer has it.</param>
    public static IReadOnlyDictionary<string, JsonSegment> Build(IEnumerable<UserApp> apps, Func<UserApp, string?>? cfgTypeOf = null) =>
        apps.GroupBy(a => a.SourceId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => JsonSegment.FromUtf8(JsonSerializer.SerializeToUtf8Bytes(
                    g.OrderBy(a => a.AppName, StringComparer.Ordinal).Select(a => ToDto(a, cfgTypeOf)).ToList(),
                    JsonSegment.SerializerOptions)),
                StringComparer.Ordinal);

    private static AppStateDto ToDto(UserApp app, Func<UserApp, string?>? cfgTypeOf)
    {
        var dto = app.ToDto();
        dto.Status.CfgType = cfgTypeOf?.Invoke(app);
        return dto;
    }

    /// <summary>
    /// The catalog entry a state row belongs to: by the app's own name, else by the name it was cloned from,
    /// in the user's own partition first.
    /// </summary>
    public static string? CfgTypeIn(UserApp app, CatalogPartition shared, CatalogPartition? own)
    {
        foreach (var partition in own is null ? [shared] : new[] { own, shared })
        {
            if (partition.ByName.TryGetValue(app.AppName, out var item) || partition.ByName.TryGetValue(app.RawAppName, out item))
            {
                return item.Type;
            }
        }

        return null;
    }
}
