using Market.Application.Common.Interfaces;
using Market.Domain.Preinstall;
using Mediator;

namespace Market.Application.Preinstall.Commands.ClaimPreinstallDecision;

/// <summary>
/// Stores a new decision row unless one exists for its (file, app, account): true when this replica claimed it.
/// Two replicas claiming at once break the unique index; the unit of work runs this again and the loser finds the row.
/// </summary>
public sealed record ClaimPreinstallDecisionCommand(PreinstallDecision Decision) : ICommand<bool>, IRetryOnConflict;
