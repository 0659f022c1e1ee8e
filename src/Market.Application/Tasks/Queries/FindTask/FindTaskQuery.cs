using Market.Application.Common.Interfaces;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Queries.FindTask;

/// <summary>The task as stored now (not tracked), or null when there is none (or no id).</summary>
public sealed record FindTaskQuery(string? TaskId) : IQuery<AppTask?>;

public sealed class FindTaskQueryHandler(IMarketDbContext db) : IQueryHandler<FindTaskQuery, AppTask?>
{
    public async ValueTask<AppTask?> Handle(FindTaskQuery query, CancellationToken cancellationToken) =>
        query.TaskId is null ? null : await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == query.TaskId, cancellationToken);
}
