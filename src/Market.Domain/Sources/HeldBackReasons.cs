namespace Market.Domain.Sources;

/// <summary>Why a remote lists an app that the catalog does not show.</summary>
public static class HeldBackReasons
{
    /// <summary>The detail entry has no version.</summary>
    public const string NoVersion = "no_version";

    /// <summary>The source lists the app but has no details of it for this Olares version.</summary>
    public const string NotForThisOlaresVersion = "not_for_this_olares_version";

    /// <summary>Labelled <c>suspend</c> upstream.</summary>
    public const string Suspended = "labelled_suspend";

    /// <summary>Labelled <c>remove</c> upstream.</summary>
    public const string Removed = "labelled_remove";

    /// <summary>The detail entry cannot be shown (its version is not a semantic version, or it is not an object).</summary>
    public const string NotRenderable = "not_renderable";
}
