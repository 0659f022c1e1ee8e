using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Mediator;

namespace Market.Application.Tasks.Commands.StartTaskAttempt;

/// <summary>The worker holding <see cref="HostId"/>'s lease starts an attempt; null when the task ended or moved to another host.</summary>
public sealed record StartTaskAttemptCommand(string TaskId, string HostId) : ICommand<AppTask?>, IRetryOnConflict;
