using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Payments.Commands.ApplyVcReply;
using Market.Application.Payments.Commands.LeasePurchasePoll;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Payments.Commands.PollPurchases;

/// <summary>Each purchase is leased, asked and answered in its own step (<see cref="IScopedSender"/>): the developer's slow answer holds no transaction.</summary>
public sealed partial class PollPurchasesCommandHandler(
    IMarketDbContext db,
    IScopedSender steps,
    PurchaseEffects effects,
    IDeveloperCheckout checkout,
    TimeProvider clock,
    IOptions<PaymentsOptions> options,
    ILogger<PollPurchasesCommandHandler> logger) : ICommandHandler<PollPurchasesCommand, int>
{
    private const int Batch = 16;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public async ValueTask<int> Handle(PollPurchasesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Purchases.AsNoTracking()
            .Where(p => p.PollAttemptsLeft > 0 && p.PollDueAt <= now && (p.PollLeaseUntil == null || p.PollLeaseUntil < now))
            .OrderBy(p => p.PollDueAt)
            .Select(p => p.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        var polled = 0;
        foreach (var id in due)
        {
            var leased = await steps.SendAsync(new LeasePurchasePollCommand(id, command.Owner, clock.GetUtcNow().UtcDateTime + Lease), cancellationToken);
            if (leased is null)
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

        var round = new VcPollRound(owner, TimeSpan.FromSeconds(options.Value.PollIntervalSeconds));
        var recorded = await steps.SendAsync(new ApplyVcReplyCommand(leased.Id, kind, vc, round), cancellationToken);
        await effects.ApplyAsync(recorded.Purchase, recorded.Step, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "VC poll of purchase {PurchaseId} got no answer: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, long purchaseId, string reason);
}
