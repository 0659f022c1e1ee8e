namespace Market.Domain.Sources;

/// <summary>How a source names itself in the web app: a title, a short badge and an icon URL. Empty values are unknown.</summary>
public sealed record SourceLabels(string DisplayName, string ShortLabel, string Icon)
{
    public static readonly SourceLabels None = new(string.Empty, string.Empty, string.Empty);

    /// <summary>Each value of this, or of <paramref name="fallback"/> where this one is empty.</summary>
    public SourceLabels Or(SourceLabels fallback) => new(
        DisplayName.Length > 0 ? DisplayName : fallback.DisplayName,
        ShortLabel.Length > 0 ? ShortLabel : fallback.ShortLabel,
        Icon.Length > 0 ? Icon : fallback.Icon);

    /// <summary>Trimmed, with nulls as empty.</summary>
    public static SourceLabels Of(string? displayName, string? shortLabel, string? icon) =>
        new((displayName ?? string.Empty).Trim(), (shortLabel ?? string.Empty).Trim(), (icon ?? string.Empty).Trim());
}
