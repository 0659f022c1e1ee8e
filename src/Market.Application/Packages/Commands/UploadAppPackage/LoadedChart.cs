using System.Text.Json.Nodes;
using Market.Domain.Packages.Manifests;

namespace Market.Application.Packages.Commands.UploadAppPackage;

/// <summary>
/// A chart that passed every upload rule. <see cref="Manifest"/> is the decoded manifest with the
/// localisations of <c>i18n/&lt;locale&gt;/OlaresManifest.yaml</c> under a top-level <c>i18n</c> key
/// (locale → {metadata, spec}); that is what the package row stores and the catalog entry is built from.
/// </summary>
public sealed record LoadedChart(string Name, string Version, string AppId, string Type, ChartInfo Chart, JsonObject Manifest);
