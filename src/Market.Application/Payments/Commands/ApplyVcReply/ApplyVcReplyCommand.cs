using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Domain.Payments;
using Mediator;

namespace Market.Application.Payments.Commands.ApplyVcReply;

/// <summary>
/// The developer's answer to a VC query (<see cref="Kind"/> null: no answer). A single query after a
/// signature has no <see cref="Round"/> and its "no record" is not final; a poll round counts as an attempt,
/// its last attempt's "no record" is final, and it is dropped when a newer trigger took the poll's lease.
/// </summary>
public sealed record ApplyVcReplyCommand(long PurchaseId, VcAnswerKind? Kind, string? Vc, VcPollRound? Round = null)
    : ICommand<PurchaseRecorded>, IRetryOnConflict;

/// <summary>The poller that asked (its lease owner name) and when its next attempt is due.</summary>
public sealed record VcPollRound(string Owner, TimeSpan Interval);
