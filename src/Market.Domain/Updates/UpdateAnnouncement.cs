namespace Market.Domain.Updates;

/// <summary>
/// That a user was told about one newer version of one installed app (<c>update_available</c>): written with the
/// outbox rows of the announcement, keyed by user, app and version, so each version is announced once however
/// often sources sync.
/// </summary>
public class UpdateAnnouncement
{
    private UpdateAnnouncement()
    {
    }

    public string UserId { get; private set; } = string.Empty;

    public string AppName { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    public DateTime AnnouncedAt { get; private set; }

    public static UpdateAnnouncement Of(string userId, string appName, string version, DateTime now) =>
        new() { UserId = userId, AppName = appName, Version = version, AnnouncedAt = now };
}
