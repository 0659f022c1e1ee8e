using Market.Application.Common.Interfaces;
using Market.Domain.Updates;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates.Commands.RecordUpdateBatch;

public sealed class RecordUpdateBatchCommandHandler(IMarketDbContext db) : ICommandHandler<RecordUpdateBatchCommand, UpdateBatch>
{
    public async ValueTask<UpdateBatch> Handle(RecordUpdateBatchCommand command, CancellationToken cancellationToken)
    {
        var batch = command.Batch;
        if (await UpdateBatches.FindAsync(db, batch.UserId, batch.IdempotencyKey, cancellationToken) is { } first)
        {
            return first;
        }

        db.UpdateBatches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        return batch;
    }
}
