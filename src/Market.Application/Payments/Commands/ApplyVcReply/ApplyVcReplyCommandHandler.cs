using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Commands.ApplyVcReply;

public sealed class ApplyVcReplyCommandHandler(IMarketDbContext db, TimeProvider clock) : ICommandHandler<ApplyVcReplyCommand, PurchaseRecorded>
{
    public async ValueTask<PurchaseRecorded> Handle(ApplyVcReplyCommand command, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.FirstOrDefaultAsync(p => p.Id == command.PurchaseId, cancellationToken)
            ?? throw new NotFoundException("payment state not found");
        var round = command.Round;
        if (round is not null && purchase.PollLeaseOwner != round.Owner)
        {
            return new PurchaseRecorded(purchase, PurchaseStep.Nothing); // a newer trigger restarted the poll meanwhile; it decides
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var final = round is not null && purchase.PollAttemptsLeft <= 1;
        var step = command.Kind switch
        {
            VcAnswerKind.Granted => purchase.VcReceived(command.Vc!, now),
            VcAnswerKind.NeedResign => purchase.VcNeedsResign(now),
            VcAnswerKind.NoRecord => purchase.VcNoRecord(final, now),
            null => Unanswered(purchase, final, now),
        };
        if (round is not null && purchase.PollAttemptsLeft > 0)
        {
            purchase.PollAttempted(round.Interval, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new PurchaseRecorded(purchase, step);
    }

    private static PurchaseStep Unanswered(Purchase purchase, bool final, DateTime now)
    {
        purchase.VcQueryFailed(final, now);
        return PurchaseStep.Nothing;
    }
}
