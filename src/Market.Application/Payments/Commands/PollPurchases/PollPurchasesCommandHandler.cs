using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Payments.Commands.PollPurchases;

public sealed partial class PollPurchasesCommandHandler(
    IMarketDbContext db,
    PurchaseStore store,
    PurchaseEffects effects,
    IDeveloperCheckout checkout,
    IOptions<PaymentsOptions> options,
    ILogger<PollPurchasesCommandHandler> logger) : ICommandHandler<PollPurchasesCommand, int>
{
    private const int Batch = 16;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public async ValueTask<int> Handle(PollPurchasesCommand command, CancellationToken cancellationToken)
    {
        var now = store.Now;
        var due = await db.Purchases.AsNoTracking()
            .Where(p => p.PollAttemptsLeft > 0 && p.PollDueAt <= now && (p.PollLeaseUntil == null || p.PollLeaseUntil < now))
            .OrderBy(p => p.PollDueAt)
            .Select(p => p.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        var polled = 0;
        foreach (var id in due)
        {
            var (leased, won) = await store.UpdateAsync(id, p => p.TryLeasePoll(command.Owner, store.Now, store.Now + Lease), cancellationToken);
            if (!won)
            {
                continue; // another replica holds it
            }

            await PollOnceAsync(leased, command.Owner, cancellationToken);
            polled++;
        }

        return polled;
    }

    private async Task PollOnceAsync(Purchase leased, string owner, CancellationToken cancellationToken)
    {
        VcAnswerKind? kind = null;
        string? vc = null;
        try
        {
            var reply = await checkout.ActivateAndGrantAsync(PurchaseEffects.QueryOf(leased), cancellationToken);
            kind = DeveloperAnswer.Classify(reply.Code, !string.IsNullOrEmpty(reply.Vc), reply.Error);
            vc = reply.Vc;
        }
        catch (PaymentPartyException ex)
        {
            LogAttemptFailed(logger, leased.Id, ex.Message);
        }

        var interval = TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);
        var (stored, step) = await store.UpdateAsync(leased.Id, p =>
        {
            if (p.PollLeaseOwner != owner)
            {
                return PurchaseStep.Nothing; // a newer trigger restarted the poll meanwhile; it decides
            }

            var final = p.PollAttemptsLeft <= 1;
            var verdict = kind switch
            {
                VcAnswerKind.Granted => p.VcReceived(vc!, store.Now),
                VcAnswerKind.NeedResign => p.VcNeedsResign(store.Now),
                VcAnswerKind.NoRecord => p.VcNoRecord(final, store.Now),
                _ => Failed(p, final),
            };
            if (p.PollAttemptsLeft > 0)
            {
                p.PollAttempted(interval, store.Now);
            }

            return verdict;
        }, cancellationToken);
        await effects.ApplyAsync(stored, step, cancellationToken);
    }

    private PurchaseStep Failed(Purchase purchase, bool final)
    {
        purchase.VcQueryFailed(final, store.Now);
        return PurchaseStep.Nothing;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "VC poll of purchase {PurchaseId} got no answer: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, long purchaseId, string reason);
}
