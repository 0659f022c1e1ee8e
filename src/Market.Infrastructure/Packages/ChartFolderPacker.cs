using System.Formats.Tar;
using System.IO.Compression;

namespace Market.Infrastructure.Packages;

/// <summary>
/// Packs a chart folder into a <c>.tgz</c> in memory, the way <c>helm package</c> lays it out (one
/// top-level folder named after the chart). The bytes depend only on the files: entries are sorted
/// and carry a fixed time, owner and mode, so packing the same folder twice gives the same archive.
/// </summary>
internal static class ChartFolderPacker
{
    private static readonly DateTimeOffset FixedTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<byte[]> PackAsync(string folder, string chartName, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(folder);
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            await tar.WriteEntryAsync(Directory(chartName + "/"), cancellationToken);
            var items = root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Select(i => (Info: i, Relative: Path.GetRelativePath(root.FullName, i.FullName).Replace('\\', '/')))
                .OrderBy(i => i.Relative, StringComparer.Ordinal);
            foreach (var (info, relative) in items)
            {
                var name = $"{chartName}/{relative}";
                if (info is DirectoryInfo)
                {
                    await tar.WriteEntryAsync(Directory(name + "/"), cancellationToken);
                    continue;
                }

                await using var data = File.OpenRead(info.FullName);
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = data,
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await tar.WriteEntryAsync(entry, cancellationToken);
            }
        }

        return output.ToArray();
    }

    private static UstarTarEntry Directory(string name) => new(TarEntryType.Directory, name)
    {
        ModificationTime = FixedTime,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
    };
}
