using System.Text.Json.Nodes;
using Mediator;

namespace Market.Application.SystemStatus.Queries.GetSystemStatus;

/// <summary>
/// <c>{user_info, users, cur_user_resource, cluster_resource, terminus_version}</c> for the caller. Never
/// empty where the web app needs a value: it hides every app otherwise.
/// </summary>
public sealed record GetSystemStatusQuery(string User) : IQuery<JsonObject>;
