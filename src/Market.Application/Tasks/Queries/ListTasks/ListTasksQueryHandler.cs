using Market.Application.Common.Interfaces;
using Market.Application.Tasks.Models;
using Market.Domain.Tasks;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Tasks.Queries.ListTasks;

public sealed class ListTasksQueryHandler(IMarketDbContext db) : IQueryHandler<ListTasksQuery, TaskListDto>
{
    public async ValueTask<TaskListDto> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var tasks = db.AppTasks.AsNoTracking().Where(t => t.UserId == query.User);
        if (!string.IsNullOrEmpty(query.Status))
        {
            var status = TaskStatuses.Wire.Parse(query.Status); // the validator admits known names only
            tasks = tasks.Where(t => t.Status == status);
        }

        if (!string.IsNullOrEmpty(query.App))
        {
            tasks = tasks.Where(t => t.AppName == query.App);
        }

        var limit = string.IsNullOrEmpty(query.Limit) ? 100 : int.Parse(query.Limit, System.Globalization.CultureInfo.InvariantCulture);
        var total = await tasks.CountAsync(cancellationToken);
        var page = await tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(limit).ToListAsync(cancellationToken);
        return new TaskListDto { Tasks = page.Select(TaskDto.Summary).ToList(), TotalCount = total };
    }
}
