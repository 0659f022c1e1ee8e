using Market.Application.Common.Interfaces;
using Market.Application.Notifications.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications.Queries.GetSubscriptions;

public sealed class GetSubscriptionsQueryHandler(IMarketDbContext db) : IQueryHandler<GetSubscriptionsQuery, IReadOnlyList<NotificationSubscriptionDto>>
{
    public async ValueTask<IReadOnlyList<NotificationSubscriptionDto>> Handle(GetSubscriptionsQuery query, CancellationToken cancellationToken)
    {
        var rows = await db.NotificationSubscriptions.AsNoTracking().Where(s => s.UserId == query.UserId).ToListAsync(cancellationToken);
        return rows.OrderBy(s => s.CreatedAt).Select(NotificationSubscriptionDto.From).ToList();
    }
}
