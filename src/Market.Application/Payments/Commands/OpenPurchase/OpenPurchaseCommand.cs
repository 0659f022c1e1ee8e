using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;

namespace Market.Application.Payments.Commands.OpenPurchase;

/// <summary>
/// The user's purchase of this paid app, created when there is none. Two racing creators end with the
/// same row: the loser's insert breaks the unique (user, app, product) index, and the unit of work runs
/// the handler again, which then finds the winner's row.
/// </summary>
public sealed record OpenPurchaseCommand(PaidApp App, string User) : ICommand<Purchase>, IRetryOnConflict;
