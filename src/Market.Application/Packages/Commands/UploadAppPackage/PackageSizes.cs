using System.Globalization;

namespace Market.Application.Packages.Commands.UploadAppPackage;

internal static class PackageSizes
{
    /// <summary><c>100MB</c> for 104857600 (the original's wording), else the exact byte count.</summary>
    public static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "MB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
