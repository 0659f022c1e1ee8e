using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Market.Infrastructure.Preinstall;

/// <summary>
/// <c>PREINSTALL_DIR</c> on disk (a read-only host folder in Olares). Payload paths were validated as relative
/// and free of <c>..</c>; they are still resolved and checked to stay inside the folder.
/// </summary>
internal sealed class FileSystemPreinstallFolder(IOptions<PreinstallOptions> options) : IPreinstallFolder
{
    private string Root => Path.GetFullPath(options.Value.Dir!);

    public IReadOnlyList<string> ListDeclarations() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "preinstall-*.json", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>()]
            : [];

    public async Task<(long Size, byte[]? Content)> ReadDeclarationAsync(string fileName, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, fileName);
        var size = new FileInfo(path).Length;
        return size > maxBytes ? (size, null) : (size, await File.ReadAllBytesAsync(path, cancellationToken));
    }

    public Stream? OpenPayload(string relativePath)
    {
        var root = Root + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(Root, relativePath));
        return path.StartsWith(root, StringComparison.Ordinal) && File.Exists(path) ? File.OpenRead(path) : null;
    }
}
