using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;

namespace Market.Application.Payments.Commands.LeasePurchasePoll;

/// <summary>
/// Poller <see cref="Owner"/> takes a due purchase until <see cref="Until"/>; null when another replica holds
/// it or it is no longer due. Two replicas racing conflict on the row version: the loser's retry reads the
/// winner's lease and gets null.
/// </summary>
public sealed record LeasePurchasePollCommand(long PurchaseId, string Owner, DateTime Until) : ICommand<Purchase?>, IRetryOnConflict;
