using Market.Application.Common.Interfaces;
using Mediator;

namespace Market.Application.Payments.Commands.ReleasePollLeases;

/// <summary>A poller stopping gracefully hands its leased purchases back, so another replica (or the next start) polls them at once.</summary>
public sealed record ReleasePollLeasesCommand(string Owner) : ICommand<int>, IRetryOnConflict;
