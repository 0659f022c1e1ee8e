namespace Market.Domain.Apps;

/// <summary>
/// One entrance of a user's app (<c>entranceStatuses[]</c> on the wire): what the manifest declares,
/// the user's URL, and a state that follows the app's (or the runtime's own per-entrance report).
/// </summary>
public sealed record AppEntrance
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string NotReady = "notReady";

    public string? Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Host { get; init; }

    public int Port { get; init; }

    public string? Icon { get; init; }

    public string? Title { get; init; }

    public string? AuthLevel { get; init; }

    public bool Invisible { get; init; }

    public string? Url { get; init; }

    public string? OpenMethod { get; init; }

    public bool WindowPushState { get; init; }

    public bool Skip { get; init; }

    public string? State { get; init; }

    /// <summary>When <see cref="State"/> last changed (RFC 3339, seconds, UTC), as the wire shows it.</summary>
    public string? StatusTime { get; init; }

    public string? Reason { get; init; }

    /// <summary>The entrance state that goes with an app state: the one rule by which entrances follow their app.</summary>
    public static string StateFor(AppState appState) => appState switch
    {
        AppState.Running => Running,
        AppState.Stopped or AppState.Stopping or AppState.StopFailed or AppState.Resuming or AppState.ResumeFailed
            or AppState.Uninstalling or AppState.Uninstalled => Stopped,
        AppState.None or AppState.Pending or AppState.PendingCanceling or AppState.PendingCanceled or AppState.PendingCancelFailed
            or AppState.Downloading or AppState.DownloadingCanceling or AppState.DownloadingCanceled or AppState.DownloadingCancelFailed
            or AppState.DownloadFailed or AppState.Installing or AppState.InstallingCanceling or AppState.InstallingCanceled
            or AppState.InstallingCancelFailed or AppState.InstallFailed or AppState.Initializing or AppState.InitializingCanceling
            or AppState.ResumingCanceling or AppState.ResumingCancelFailed or AppState.UninstallFailed
            or AppState.ApplyingEnv or AppState.ApplyEnvFailed or AppState.ApplyingEnvCanceling or AppState.ApplyingEnvCancelFailed
            or AppState.ApplyingEnvCanceled or AppState.Upgrading or AppState.UpgradingCanceling or AppState.UpgradingCancelFailed
            or AppState.UpgradeFailed or AppState.Installed => NotReady,
    };

    /// <summary>
    /// The entrances of <paramref name="appName"/> for one user: the manifest's, in order, with the user's
    /// URLs in <paramref name="zone"/>, not ready yet. Clone titles replace the manifest's by name, else by position.
    /// </summary>
    public static IReadOnlyList<AppEntrance> ForApp(IReadOnlyList<AppEntrance> manifest, string appName, string zone, IReadOnlyList<CloneEntrance>? titles = null)
    {
        var urls = EntranceUrls.For(AppIdentity.RuntimeAppId(appName), zone, manifest.Count);
        var result = new List<AppEntrance>(manifest.Count);
        for (var i = 0; i < manifest.Count; i++)
        {
            var url = urls[i].Length > 0 ? urls[i] : null;
            result.Add(manifest[i] with
            {
                Id = url?.Split('.')[0],
                Url = url,
                Title = TitleFor(manifest[i].Name, i, titles) ?? manifest[i].Title,
                State = NotReady,
                StatusTime = null,
                Reason = null,
            });
        }

        return result;
    }

    /// <summary>This entrance in the state its app (or the runtime's report) says, stamped when the state changes.</summary>
    internal AppEntrance Following(AppState appState, IReadOnlyDictionary<string, string>? reported, string statusTime)
    {
        var state = reported is not null && reported.TryGetValue(Name, out var own) && own.Length > 0 ? own : StateFor(appState);
        return state == State ? this : this with { State = state, StatusTime = statusTime };
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
