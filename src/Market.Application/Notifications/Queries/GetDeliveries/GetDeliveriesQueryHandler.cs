using Market.Application.Common.Interfaces;
using Market.Application.Notifications.Models;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications.Queries.GetDeliveries;

public sealed class GetDeliveriesQueryHandler(IMarketDbContext db) : IQueryHandler<GetDeliveriesQuery, IReadOnlyList<NotificationDeliveryDto>>
{
    private const int Limit = 100;

    public async ValueTask<IReadOnlyList<NotificationDeliveryDto>> Handle(GetDeliveriesQuery query, CancellationToken cancellationToken)
    {
        var rows = await db.NotificationDeliveries.AsNoTracking().Where(d => d.UserId == query.UserId)
            .OrderByDescending(d => d.CreatedAt).Take(Limit).ToListAsync(cancellationToken);
        return rows.Select(NotificationDeliveryDto.From).ToList();
    }
}
