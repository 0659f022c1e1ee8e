using Market.Application.Common.Catalog;
using Mediator;

namespace Market.Application.Catalog.Queries.GetAppsInfo;

/// <summary>One requested app: its name (the wire calls it <c>appid</c>) in a source.</summary>
public sealed record AppRef(string? AppId, string? SourceDataName);

/// <summary>
/// Details of the requested apps (<c>POST /apps</c>): found apps in request order, the rest in
/// <c>not_found</c>. At most <see cref="GetAppsInfoQueryValidator.MaxApps"/> per request.
/// </summary>
public sealed record GetAppsInfoQuery(string User, IReadOnlyList<AppRef>? Apps) : IQuery<RawJson>;
