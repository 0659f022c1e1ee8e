using Market.Domain.Common;
using Market.Domain.Sources;

namespace Market.Domain.Settings;

/// <summary>A user's market settings: which remote source their catalog shows, and whether NSFW apps are shown.</summary>
public class UserMarketSettings
{
    private UserMarketSettings()
    {
    }

    public UserMarketSettings(string userId, string selectedSource, bool nsfw, DateTime now)
    {
        UserId = userId;
        SelectedSource = selectedSource;
        Nsfw = nsfw;
        UpdatedAt = now;
    }

    public string UserId { get; private set; } = string.Empty;

    public string SelectedSource { get; private set; } = MarketSource.OfficialId;

    public bool Nsfw { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public static UserMarketSettings Default(string userId, DateTime now) => new(userId, MarketSource.OfficialId, false, now);

    /// <summary>
    /// The remote a user's catalog shows: the selected one while it exists, else the built-in official
    /// remote, which always exists (a deleted or never-chosen source falls back to it).
    /// </summary>
    public static string VisibleRemote(string? selected, IReadOnlySet<string> remoteIds) =>
        selected is not null && remoteIds.Contains(selected) ? selected : MarketSource.OfficialId;

    /// <summary>Selects a source. Only a remote source can be selected (the local ones are always shown).</summary>
    public void Select(MarketSource? source, bool nsfw, DateTime now)
    {
        if (source is null)
        {
            throw new DomainException("selected_source does not exist", DomainErrorKind.NotFound);
        }

        if (!source.IsRemote)
        {
            throw new DomainException("selected_source must reference a remote source", DomainErrorKind.Invalid);
        }

        SelectedSource = source.Id;
        Nsfw = nsfw;
        UpdatedAt = now;
    }
}
