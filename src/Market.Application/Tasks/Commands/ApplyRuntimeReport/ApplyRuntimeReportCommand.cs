using Market.Application.Common.Interfaces;
using Market.Domain.Apps;
using Mediator;

namespace Market.Application.Tasks.Commands.ApplyRuntimeReport;

/// <summary>
/// The follower's poll of a running operation, mirrored into the app through its one state intake; the app
/// when it changed, null when the report was stale, backwards or the same as before.
/// </summary>
public sealed record ApplyRuntimeReportCommand(string TaskId, OpType OpType, RuntimeReport Report) : ICommand<UserApp?>, IRetryOnConflict;
