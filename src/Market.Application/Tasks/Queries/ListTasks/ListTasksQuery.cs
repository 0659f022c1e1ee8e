using Market.Application.Tasks.Models;
using Mediator;

namespace Market.Application.Tasks.Queries.ListTasks;

/// <summary>The caller's tasks, newest first, optionally of one status and/or one app; at most <c>limit</c> (1–1000, default 100).</summary>
public sealed record ListTasksQuery(string User, string? Status, string? App, string? Limit) : IQuery<TaskListDto>;
