namespace Market.Domain.Tasks;

/// <summary>
/// The exact chart an operation installs: for an uploaded (or local) app the stored package (<see cref="PackageId"/>)
/// and its SHA-256; for a remote source's app the chart file the source serves and, when Market fetched it, its
/// SHA-256 (empty when unknown). A rollback resubmits this chart and refuses one whose digest changed.
/// </summary>
public sealed record ChartReference(long? PackageId, string FileName, string Sha256)
{
    public const int MaxFileNameLength = 200;

    public static ChartReference Uploaded(long packageId, string fileName, string sha256) => new(packageId, Clip(fileName), sha256);

    public static ChartReference Remote(string fileName, string sha256) => new(null, Clip(fileName), sha256);

    /// <summary>Does <paramref name="sha256"/> (of the chart found now) match the recorded digest? An unknown recorded digest matches nothing.</summary>
    public bool Matches(string? sha256) => Sha256.Length > 0 && string.Equals(Sha256, sha256, StringComparison.OrdinalIgnoreCase);

    private static string Clip(string fileName) => fileName.Length > MaxFileNameLength ? fileName[..MaxFileNameLength] : fileName;
}
