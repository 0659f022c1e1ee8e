using System.Formats.Tar;
using System.IO.Compression;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Packages;

/// <summary>
/// Reads a gzip-compressed tar chart archive in one streaming pass, with limits on entry count,
/// unpacked size (total and per entry) and path depth. Absolute paths, <c>..</c>, links and special
/// files are refused. Only the few small files the upload reads are kept in memory.
/// </summary>
internal sealed class TarGzChartArchiveReader(IOptions<PackagesOptions> options) : IChartArchiveReader
{
    /// <summary>Bound on a file that is read into memory (Chart.yaml, manifests).</summary>
    public const int MaxReadFileBytes = 1024 * 1024;

    public const int MaxPathDepth = 32;

    public async Task<ChartArchive> ReadAsync(Stream archive, CancellationToken cancellationToken)
    {
        if (archive.CanSeek)
        {
            var magic = new byte[2];
            var read = await archive.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
            if (read < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                throw NotGzip();
            }

            archive.Seek(-read, SeekOrigin.Current);
        }

        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var tar = new TarReader(gzip, leaveOpen: true);
            return await ReadEntriesAsync(tar, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or NotSupportedException)
        {
            throw new BadRequestException($"chart archive is corrupt: {ex.Message}");
        }
    }

    private async Task<ChartArchive> ReadEntriesAsync(TarReader tar, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        string? folder = null;
        var hasTemplates = false;
        var entries = 0;
        long unpacked = 0;

        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            if (++entries > limits.MaxArchiveEntries)
            {
                throw new BadRequestException($"chart archive: more than {limits.MaxArchiveEntries} entries");
            }

            var segments = Segments(entry.Name);
            CheckType(entry);
            if (segments.Count == 0 || segments[^1].StartsWith("._", StringComparison.Ordinal))
            {
                // "./" itself, or macOS resource-fork companions: nothing of the chart.
                continue;
            }

            if (segments.Count > MaxPathDepth)
            {
                throw new BadRequestException($"chart archive: entry \"{entry.Name}\" is nested deeper than {MaxPathDepth} folders");
            }

            var isDirectory = entry.EntryType == TarEntryType.Directory;
            if (segments.Count == 1 && !isDirectory)
            {
                throw new BadRequestException($"chart archive: \"{entry.Name}\" lies outside the chart folder; the archive must hold one top-level chart folder");
            }

            if (folder is null)
            {
                folder = segments[0];
            }
            else if (folder != segments[0])
            {
                throw new BadRequestException($"chart archive: entries must sit in one top-level chart folder (found \"{folder}\" and \"{segments[0]}\")");
            }

            var relative = string.Join('/', segments.Skip(1));
            hasTemplates |= segments.Count >= 2 && segments[1] == "templates" && (isDirectory || segments.Count > 2);
            if (isDirectory)
            {
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new BadRequestException($"chart archive: entry \"{entry.Name}\" is larger than {limits.MaxEntryBytes} bytes");
            }

            unpacked += entry.Length;
            if (unpacked > limits.MaxUnpackedBytes)
            {
                throw new BadRequestException($"chart archive: unpacked size exceeds {limits.MaxUnpackedBytes} bytes");
            }

            paths.Add(relative);
            if (IsReadFile(relative))
            {
                if (entry.Length > MaxReadFileBytes)
                {
                    throw new BadRequestException($"chart archive: \"{entry.Name}\" is larger than {MaxReadFileBytes} bytes");
                }

                files[relative] = await ReadAllAsync(entry, cancellationToken);
            }
        }

        if (folder is null)
        {
            throw new BadRequestException("chart archive is empty");
        }

        return new ChartArchive(folder, files, paths, hasTemplates, entries, unpacked);
    }

    /// <summary>The path's segments without <c>./</c>; absolute paths and <c>..</c> are refused.</summary>
    private static List<string> Segments(string name)
    {
        if (name.Contains('\0', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new BadRequestException($"chart archive: entry \"{name.Replace("\0", string.Empty, StringComparison.Ordinal)}\" has an invalid path");
        }

        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            throw new BadRequestException($"chart archive: entry \"{name}\" has an absolute path");
        }

        var segments = new List<string>();
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..")
            {
                throw new BadRequestException($"chart archive: entry \"{name}\" escapes the chart folder (\"..\")");
            }

            if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return segments;
    }

    private static void CheckType(TarEntry entry)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory:
                return;
            case TarEntryType.SymbolicLink:
                throw new BadRequestException($"chart archive: entry \"{entry.Name}\" is a symbolic link; links are not allowed");
            case TarEntryType.HardLink:
                throw new BadRequestException($"chart archive: entry \"{entry.Name}\" is a hard link; links are not allowed");
            default:
                throw new BadRequestException($"chart archive: entry \"{entry.Name}\" has unsupported type {entry.EntryType}; only files and folders are allowed");
        }
    }

    private static bool IsReadFile(string relative)
    {
        if (relative is "Chart.yaml" or "OlaresManifest.yaml" or "TerminusManifest.yaml")
        {
            return true;
        }

        var parts = relative.Split('/');
        return parts.Length == 3 && parts[0] == "i18n" && parts[2] == "OlaresManifest.yaml";
    }

    private static async Task<byte[]> ReadAllAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.DataStream is null)
        {
            return [];
        }

        var buffer = new byte[entry.Length];
        await entry.DataStream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static BadRequestException NotGzip() => new("chart archive is not gzip-compressed; upload a .tgz made by helm package or olares-cli");
}
