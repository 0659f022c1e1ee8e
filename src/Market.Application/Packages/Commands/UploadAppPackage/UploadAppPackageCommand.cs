using Market.Application.Packages.Models;
using Mediator;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// Uploads a chart package into a local source as <paramref name="User"/> (<c>""</c> = for everybody,
/// used by the demo import). <paramref name="OpenContent"/> opens the archive from its start; it is
/// called more than once (digest, reading, storing), so the upload is never held in memory twice.
/// </summary>
public sealed record UploadAppPackageCommand(string User, string? Source, string FileName, long Length, Func<Stream> OpenContent)
    : ICommand<UploadedPackageDto>;
