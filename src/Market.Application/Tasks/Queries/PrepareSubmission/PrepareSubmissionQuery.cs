using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Tasks.Queries.PrepareSubmission;

/// <summary>What the runtime is to be sent for <see cref="Task"/>, assembled from the stored request read once.</summary>
public sealed record PrepareSubmissionQuery(AppTask Task, TaskRequest Request) : IQuery<PreparedSubmission>;

/// <summary>
/// The operation to submit, or why there is none: <see cref="RefusedBecause"/> fails the task at once,
/// <see cref="WaitForTarget"/> postpones a cancel whose install is not at the runtime yet.
/// </summary>
public sealed record PreparedSubmission(RuntimeOperation? Operation, string? RefusedBecause = null, bool WaitForTarget = false);
