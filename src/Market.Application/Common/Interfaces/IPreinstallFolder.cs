namespace Market.Application.Common.Interfaces;

/// <summary>The read-only folder of preinstall declarations and the charts they point at.</summary>
public interface IPreinstallFolder
{
    /// <summary>The names of the <c>preinstall-*.json</c> files at the top of the folder.</summary>
    IReadOnlyList<string> ListDeclarations();

    /// <summary>A declaration's bytes, or null (with its size) when it is larger than <paramref name="maxBytes"/>.</summary>
    Task<(long Size, byte[]? Content)> ReadDeclarationAsync(string fileName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>A payload file by its declared relative path, or null when it does not exist.</summary>
    Stream? OpenPayload(string relativePath);
}
