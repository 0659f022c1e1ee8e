using Market.Application.Apps.Models;
using Market.Domain.Apps;

namespace Market.Application.Apps.Operations;

/// <summary>
/// The <c>entranceStatuses</c> of an app: the manifest's entrances with the user's URLs, and a state
/// per entrance that follows the app (or the runtime's own per-entrance report).
/// </summary>
public static class EntranceStatuses
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string NotReady = "notReady";

    /// <summary>Entrances for <paramref name="appName"/> in <paramref name="zone"/>; clone titles replace the manifest's by name, else by position.</summary>
    public static List<EntranceStatusDto> Build(IReadOnlyList<EntranceStatusDto> manifest, string appName, string zone, IReadOnlyList<CloneEntrance>? titles = null)
    {
        var urls = EntranceUrls.For(AppIdentity.RuntimeAppId(appName), zone, manifest.Count);
        var result = new List<EntranceStatusDto>(manifest.Count);
        for (var i = 0; i < manifest.Count; i++)
        {
            var source = manifest[i];
            var title = TitleFor(source.Name, i, titles) ?? source.Title;
            result.Add(new EntranceStatusDto
            {
                Id = urls[i].Length > 0 ? urls[i].Split('.')[0] : null,
                Name = source.Name,
                Host = source.Host,
                Port = source.Port,
                Icon = source.Icon,
                Title = title,
                AuthLevel = source.AuthLevel,
                Invisible = source.Invisible,
                Url = urls[i].Length > 0 ? urls[i] : null,
                OpenMethod = source.OpenMethod,
                WindowPushState = source.WindowPushState,
                Skip = source.Skip,
                State = NotReady,
            });
        }

        return result;
    }

    /// <summary>The entrance state that goes with an app state.</summary>
    public static string StateFor(string appState) => appState switch
    {
        AppStates.Running => Running,
        AppStates.Stopped or AppStates.Stopping or AppStates.StopFailed or AppStates.Resuming or AppStates.ResumeFailed
            or AppStates.Uninstalling or AppStates.Uninstalled => Stopped,
        _ => NotReady,
    };

    /// <summary>
    /// Sets each entrance's state (the runtime's per-entrance report when it has one, else the app's)
    /// and returns the new JSON, or null when nothing changed.
    /// </summary>
    public static string? WithStates(string json, string appState, IReadOnlyDictionary<string, string>? reported, DateTime now)
    {
        var entrances = AppStateMapper.ReadEntrances(json);
        var fallback = StateFor(appState);
        var changed = false;
        foreach (var entrance in entrances)
        {
            var state = reported is not null && reported.TryGetValue(entrance.Name, out var own) && own.Length > 0 ? own : fallback;
            if (entrance.State != state)
            {
                entrance.State = state;
                entrance.StatusTime = AppStateMapper.FormatTime(now);
                changed = true;
            }
        }

        return changed ? AppStateMapper.WriteEntrances(entrances) : null;
    }

    private static string? TitleFor(string name, int index, IReadOnlyList<CloneEntrance>? titles)
    {
        if (titles is null || titles.Count == 0)
        {
            return null;
        }

        var byName = titles.FirstOrDefault(t => t.Name == name);
        var title = byName?.Title ?? (index < titles.Count && titles.All(t => t.Name.Length == 0) ? titles[index].Title : null);
        return string.IsNullOrEmpty(title) ? null : title;
    }
}
