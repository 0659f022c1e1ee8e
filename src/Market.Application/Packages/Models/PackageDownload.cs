namespace Market.Application.Packages.Models;

/// <summary>A package archive ready to stream: the caller disposes <see cref="Content"/>.</summary>
public sealed record PackageDownload(Stream Content, string FileName, long Length);
