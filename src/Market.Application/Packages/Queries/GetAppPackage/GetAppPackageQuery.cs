using Market.Application.Packages.Models;
using Mediator;

namespace Market.Application.Packages.Queries.GetAppPackage;

/// <summary>
/// The archive of an uploaded app. Visible are the caller's own packages and those that belong to
/// everybody (the demo catalog); without <paramref name="Version"/> the highest version is served,
/// and the caller's own package wins over a shared one of the same name. An app no upload matches is
/// downloaded from the remote source that lists it (charts v2, then v1).
/// </summary>
public sealed record GetAppPackageQuery(string User, string Name, string? Source, string? Version) : IQuery<PackageDownload>;
