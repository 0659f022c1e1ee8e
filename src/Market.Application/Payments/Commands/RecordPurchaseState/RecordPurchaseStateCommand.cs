using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;

namespace Market.Application.Payments.Commands.RecordPurchaseState;

/// <summary>One transition of a stored purchase (<see cref="PurchaseChange"/>), saved once; the sender carries out the step it returns.</summary>
public sealed record RecordPurchaseStateCommand(long PurchaseId, PurchaseChange Change) : ICommand<PurchaseRecorded>, IRetryOnConflict;

/// <summary>The purchase as stored and what follows from the change (for a restore, also its answer).</summary>
public sealed record PurchaseRecorded(Purchase Purchase, PurchaseStep Step, string? Status = null, string? Message = null);
