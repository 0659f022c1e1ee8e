using Market.Application.Apps.Operations;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Runtime;
using Market.Application.Tasks.Engine;
using Mediator;

namespace Market.Application.Tasks.Commands.RejectTask;

/// <summary>
/// The operation never started (refused by the runtime, unreachable too long, impossible to submit): the task
/// fails keeping the runtime's answer and explained (<see cref="Unreachable"/>: the runtime never answered), the app goes back to its prior state. Null when the task already ended.
/// </summary>
public sealed record RejectTaskCommand(string TaskId, TaskRequest Request, RuntimeSubmission? Submission, string Error, bool Unreachable = false) : ICommand<EndedTask?>, IRetryOnConflict;
