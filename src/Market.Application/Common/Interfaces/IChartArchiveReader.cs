namespace Market.Application.Common.Interfaces;

/// <summary>
/// The parts of a chart archive the upload needs. <see cref="Files"/> holds the bytes of the small
/// files that are read (Chart.yaml, values.yaml, OlaresManifest.yaml, i18n manifests), keyed by their
/// path inside the chart folder; <see cref="Paths"/> lists every file path inside the chart folder.
/// </summary>
public sealed record ChartArchive(
    string Folder,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlySet<string> Paths,
    bool HasTemplates,
    int EntryCount,
    long UnpackedBytes);

/// <summary>Reads a <c>.tgz</c> chart archive with limits; a bad archive is a <c>BadRequestException</c> naming the problem.</summary>
public interface IChartArchiveReader
{
    Task<ChartArchive> ReadAsync(Stream archive, CancellationToken cancellationToken);
}
