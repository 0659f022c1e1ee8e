using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Notifications.Commands.Unsubscribe;

public sealed class UnsubscribeCommandHandler(IMarketDbContext db) : ICommandHandler<UnsubscribeCommand, Unit>
{
    public async ValueTask<Unit> Handle(UnsubscribeCommand command, CancellationToken cancellationToken)
    {
        var subscription = await db.NotificationSubscriptions.FirstOrDefaultAsync(s => s.Id == command.Id && s.UserId == command.UserId, cancellationToken)
            ?? throw new NotFoundException($"Webhook subscription {command.Id} not found");
        db.NotificationSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
