using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mediator;

namespace Market.Application.Catalog.Queries.GetAppVersionHistory;

/// <summary>An app's release history, from the catalog entry's <c>versionHistory</c>.</summary>
public sealed record GetAppVersionHistoryQuery(string User, string? AppName) : IQuery<VersionHistoryDto>;

/// <summary><c>{data: [...] | null}</c>: the original answers with a doubled <c>data</c>.</summary>
public sealed record VersionHistoryDto([property: JsonPropertyName("data")] JsonArray? Data);
