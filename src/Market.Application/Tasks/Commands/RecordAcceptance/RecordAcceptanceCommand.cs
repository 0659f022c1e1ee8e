using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Tasks.Commands.RecordAcceptance;

/// <summary>
/// The runtime accepted the task's operation: its id is recorded before anything else and the sealed secrets
/// go (the runtime has them). The host sends it uncancelable: an accepted id must be kept whatever happens next.
/// </summary>
public sealed record RecordAcceptanceCommand(string TaskId, TaskRequest Request, RuntimeSubmission Submission) : ICommand<AppTask?>, IRetryOnConflict;
