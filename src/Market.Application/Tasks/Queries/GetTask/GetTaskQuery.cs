using Market.Application.Tasks.Models;
using Mediator;

namespace Market.Application.Tasks.Queries.GetTask;

/// <summary>One of the caller's tasks; another user's task is "not found".</summary>
public sealed record GetTaskQuery(string User, string TaskId) : IQuery<TaskDto>;
