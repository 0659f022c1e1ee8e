using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Packages;

/// <summary>
/// Packages as files under <c>Market:Packages:Path</c> (a shared volume when there are replicas).
/// A write goes to a temporary file beside the target and is then renamed over it, so readers never
/// see half an archive. Keys are checked to stay inside the folder whatever their text.
/// </summary>
internal sealed class FileSystemPackageStore(IOptions<PackagesOptions> options) : IPackageStore
{
    private const int BufferSize = 81_920;

    private readonly string _root = Path.GetFullPath(options.Value.Path);

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = Resolve(key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = Resolve(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        TryDelete(Resolve(key));
        return Task.CompletedTask;
    }

    /// <summary>The file of a key; a key that would leave the store folder is a programming error.</summary>
    private string Resolve(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Path.IsPathRooted(key) || key.Contains('\\', StringComparison.Ordinal)
            || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"invalid package key '{key}'", nameof(key));
        }

        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"package key '{key}' leaves the store folder", nameof(key));
        }

        return full;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An orphan file costs disk space only; the row that pointed at it is already gone.
        }
    }
}
