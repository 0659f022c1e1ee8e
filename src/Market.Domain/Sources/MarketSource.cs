using Market.Domain.Common;

namespace Market.Domain.Sources;

/// <summary>
/// A catalog origin: a remote market speaking the appstore protocol, or a local source that holds
/// uploaded chart packages. Built-in sources are created at first start and can never be removed.
/// </summary>
public class MarketSource
{
    public const string OfficialId = "market.olares";
    public const string UploadId = "upload";
    public const string StudioId = "studio";
    public const string CliId = "cli";
    public const string DemoId = "demo";
    public const string LocalBaseUrl = "file://";

    private MarketSource()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Type { get; private set; } = MarketSourceType.Local;

    public string BaseUrl { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public int Priority { get; private set; }

    public bool IsActive { get; private set; } = true;

    public bool IsBuiltIn { get; private set; }

    /// <summary>How the source names itself (<c>display_name</c>, <c>short_label</c>, <c>icon</c>): preset for
    /// built-ins, given when a remote is added; a remote's own catalog info overrides these (see <see cref="SourceSnapshot"/>).</summary>
    public string DisplayName { get; private set; } = string.Empty;

    public string ShortLabel { get; private set; } = string.Empty;

    public string Icon { get; private set; } = string.Empty;

    /// <summary>The official Olares market, whose apps the web app badges as official.</summary>
    public bool IsOfficial => Id == OfficialId;

    public SourceLabels Labels => new(DisplayName, ShortLabel, Icon);

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public bool IsRemote => Type == MarketSourceType.Remote;

    public bool IsLocal => Type == MarketSourceType.Local;

    public static MarketSource BuiltInRemote(string id, string name, string baseUrl, string description, DateTime now) =>
        BuiltIn(id, name, MarketSourceType.Remote, baseUrl, description, 100, now);

    public static MarketSource BuiltInLocal(string id, string name, string description, DateTime now) =>
        BuiltIn(id, name, MarketSourceType.Local, LocalBaseUrl, description, 50, now);

    /// <summary>
    /// An admin-added remote source. Only remote sources can be added through the API. Values are
    /// trimmed (and the base URL loses its trailing slashes); an empty name becomes the id.
    /// </summary>
    public static MarketSource AddRemote(string id, string name, string baseUrl, string description, DateTime now, SourceLabels? labels = null) =>
        new()
        {
            DisplayName = labels?.DisplayName.Trim() ?? string.Empty,
            ShortLabel = labels?.ShortLabel.Trim() ?? string.Empty,
            Icon = labels?.Icon.Trim() ?? string.Empty,
            Id = id.Trim(),
            Name = string.IsNullOrWhiteSpace(name) ? id.Trim() : name.Trim(),
            Type = MarketSourceType.Remote,
            BaseUrl = baseUrl.Trim().TrimEnd('/'),
            Description = description.Trim(),
            Priority = 0,
            IsBuiltIn = false,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Keeps the built-in remote pointed at the configured URL across restarts.</summary>
    public void Repoint(string baseUrl, DateTime now)
    {
        var trimmed = baseUrl.TrimEnd('/');
        if (trimmed == BaseUrl)
        {
            return;
        }

        BaseUrl = trimmed;
        UpdatedAt = now;
    }

    /// <summary>Sets how the source names itself (the presets of the built-ins, at every start).</summary>
    /// <returns>True when a value changed.</returns>
    public bool Relabel(SourceLabels labels, DateTime now)
    {
        if (Labels == labels)
        {
            return false;
        }

        DisplayName = labels.DisplayName;
        ShortLabel = labels.ShortLabel;
        Icon = labels.Icon;
        UpdatedAt = now;
        return true;
    }

    public void EnsureDeletable()
    {
        if (IsBuiltIn)
        {
            throw new DomainException($"built-in market source '{Id}' cannot be deleted", DomainErrorKind.Invalid);
        }
    }

    private static MarketSource BuiltIn(string id, string name, string type, string baseUrl, string description, int priority, DateTime now) =>
        new()
        {
            Id = id,
            Name = name,
            Type = type,
            BaseUrl = baseUrl,
            Description = description,
            Priority = priority,
            IsBuiltIn = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
}
