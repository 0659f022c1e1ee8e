using System.Text.Json;
using Market.Application.Apps.Models;
using Market.Domain.Apps;

namespace Market.Application.Catalog.Views;

/// <summary>A user's <c>app_state_latest</c> arrays, one per source, from their <c>UserApp</c> rows.</summary>
public static class StateSegments
{
    public static IReadOnlyDictionary<string, JsonSegment> Build(IEnumerable<UserApp> apps) =>
        apps.GroupBy(a => a.SourceId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => JsonSegment.FromUtf8(JsonSerializer.SerializeToUtf8Bytes(
                    g.OrderBy(a => a.AppName, StringComparer.Ordinal).Select(a => a.ToDto()).ToList(),
                    JsonSegment.SerializerOptions)),
                StringComparer.Ordinal);
}
