namespace Market.Domain.Apps;

/// <summary>
/// Per-user entrance URLs as app-service builds them (original-data-and-sync §8.4): one entrance is
/// <c>{appid}.{zone}</c>, several are <c>{appid}{i}.{zone}</c> with a 0-based index. The zone is the
/// configured template with <c>{user}</c> replaced.
/// </summary>
public static class EntranceUrls
{
    public const string UserPlaceholder = "{user}";

    public static string ZoneOf(string zoneTemplate, string user) => zoneTemplate.Replace(UserPlaceholder, user, StringComparison.Ordinal);

    /// <summary>The URL of every entrance, in manifest order; empty when the app id or zone is empty.</summary>
    public static IReadOnlyList<string> For(string appId, string zone, int entranceCount)
    {
        if (string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(zone) || entranceCount <= 0)
        {
            return Enumerable.Repeat(string.Empty, Math.Max(entranceCount, 0)).ToList();
        }

        return entranceCount == 1
            ? [$"{appId}.{zone}"]
            : Enumerable.Range(0, entranceCount).Select(i => $"{appId}{i}.{zone}").ToList();
    }
}
