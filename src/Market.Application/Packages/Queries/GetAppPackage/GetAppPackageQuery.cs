using Market.Application.Packages.Models;
using Mediator;

namespace Market.Application.Packages.Queries.GetAppPackage;

/// <summary>
/// The archive of an uploaded app. Visible are the caller's own packages and those that belong to
/// everybody (the demo catalog); without <paramref name="Version"/> the highest version is served,
/// and the caller's own package wins over a shared one of the same name.
/// </summary>
public sealed record GetAppPackageQuery(string User, string Name, string? Source, string? Version) : IQuery<PackageDownload>;
