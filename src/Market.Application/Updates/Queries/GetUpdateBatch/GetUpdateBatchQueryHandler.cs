using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Updates.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Updates.Queries.GetUpdateBatch;

public sealed class GetUpdateBatchQueryHandler(IMarketDbContext db, UpdateBatchReader reader) : IQueryHandler<GetUpdateBatchQuery, UpdateBatchDto>
{
    public async ValueTask<UpdateBatchDto> Handle(GetUpdateBatchQuery query, CancellationToken cancellationToken)
    {
        var batch = await db.UpdateBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == query.BatchId && b.UserId == query.User, cancellationToken)
            ?? throw new NotFoundException($"Update batch {query.BatchId} not found");
        return await reader.DescribeAsync(batch, cancellationToken);
    }
}
