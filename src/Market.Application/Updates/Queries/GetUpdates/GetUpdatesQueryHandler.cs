using Market.Application.Updates.Models;
using Mediator;

namespace Market.Application.Updates.Queries.GetUpdates;

public sealed class GetUpdatesQueryHandler(AvailableUpdates available) : IQueryHandler<GetUpdatesQuery, UpdatesDto>
{
    public async ValueTask<UpdatesDto> Handle(GetUpdatesQuery query, CancellationToken cancellationToken)
    {
        var updates = (await available.FindAsync(query.User, cancellationToken)).Where(u => query.All || u.IsOffered).ToList();
        return new UpdatesDto(updates, updates.Count);
    }
}
