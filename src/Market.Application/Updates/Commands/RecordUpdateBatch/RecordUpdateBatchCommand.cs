using Market.Application.Common.Interfaces;
using Market.Domain.Updates;
using Mediator;

namespace Market.Application.Updates.Commands.RecordUpdateBatch;

/// <summary>
/// Stores a batch with its outcomes, unless the user's <c>Idempotency-Key</c> already names one: answers the batch
/// that stands. A repeat racing the first breaks the unique key; the unit of work runs this again and finds the first.
/// </summary>
public sealed record RecordUpdateBatchCommand(UpdateBatch Batch) : ICommand<UpdateBatch>, IRetryOnConflict;
