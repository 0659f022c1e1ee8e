using Market.Application.Runtime.Models;
using Mediator;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

/// <summary>
/// <c>GET /runtime/state</c>: sources and their sync, recent and active tasks, every user's app states and
/// component health. Filters as the original: user, source and app narrow the app states; status, type,
/// user and app narrow the tasks (the source filter narrows the source list, not the tasks).
/// </summary>
public sealed record GetRuntimeStateQuery(string? UserId, string? SourceId, string? AppName, string? TaskStatus, string? TaskType)
    : IQuery<RuntimeSnapshotDto>;
