using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Queries.GetTask;

public sealed class GetTaskQueryHandler(IMarketDbContext db) : IQueryHandler<GetTaskQuery, TaskDto>
{
    public const string NotFoundMessage = "Task not found";

    public async ValueTask<TaskDto> Handle(GetTaskQuery query, CancellationToken cancellationToken)
    {
        var task = await db.AppTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == query.TaskId && t.UserId == query.User, cancellationToken)
            ?? throw new NotFoundException(NotFoundMessage);
        return TaskDto.From(task);
    }
}
