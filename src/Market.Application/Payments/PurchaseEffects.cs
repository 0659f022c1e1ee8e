using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Common.Options;
using Market.Application.Payments.Commands.ApplyVcReply;
using Market.Domain.Apps;
using Market.Domain.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Market.Application.Payments;

/// <summary>
/// Carries out what a stored transition asked for (<see cref="PurchaseStep"/>): LarePass requests with a
/// ticketed callback URL, the owner's <c>payment_state_update</c> push, handing the VC to LarePass, and
/// the single VC query after a signature. Never logs a JWS, sign body or VC.
/// </summary>
public sealed partial class PurchaseEffects(
    IScopedSender steps,
    IMarketEventBus events,
    ILarePassChannel larePass,
    IDeveloperCheckout checkout,
    CallbackTickets tickets,
    PaymentData paymentData,
    TimeProvider clock,
    IOptions<SystemOptions> system,
    ILogger<PurchaseEffects> logger)
{
    public async Task ApplyAsync(Purchase purchase, PurchaseStep step, CancellationToken cancellationToken)
    {
        if (step.IsNothing)
        {
            return;
        }

        if (step.SignRequest != SignRequestKind.None)
        {
            await SendSignRequestAsync(purchase, LarePassMessage.MarketPayment, SignRequests.SubmitRoute, step.SignRequest == SignRequestKind.Resign, cancellationToken);
        }

        if (step.Push is { } status)
        {
            await PushAsync(purchase, status, cancellationToken);
        }

        if (step.SaveVc && !string.IsNullOrEmpty(purchase.Vc))
        {
            await PublishAsync(new LarePassMessage(purchase.UserId, LarePassMessage.SavePaymentVc, SignRequests.SaveVc(purchase)), cancellationToken);
        }

        if (step.QueryVcOnce)
        {
            await QueryOnceAsync(purchase, cancellationToken);
        }
    }

    /// <summary>The host LarePass calls back: the one the user's browser came through, else the user's own zone.</summary>
    public string CallbackHost(Purchase purchase) =>
        !string.IsNullOrEmpty(purchase.ForwardedHost) ? purchase.ForwardedHost : "market." + EntranceUrls.ZoneOf(system.Value.UserZone, purchase.UserId);

    public async Task SendSignRequestAsync(Purchase purchase, string topic, string route, bool isResign, CancellationToken cancellationToken)
    {
        try
        {
            var ids = await checkout.GetSchemaIdsAsync(purchase.DeveloperName, purchase.ProductId, cancellationToken);
            var ticket = await tickets.IssueAsync(purchase, cancellationToken);
            var url = CallbackTickets.CallbackUrl(CallbackHost(purchase), route, ticket);
            var txHash = topic == LarePassMessage.MarketPayment ? purchase.TxHash : null;
            var sign = SignRequests.Sign(url, SignRequests.SignBody(ids, purchase.ProductId, txHash), isResign);
            await PublishAsync(new LarePassMessage(purchase.UserId, topic, sign), cancellationToken);
        }
        catch (PaymentPartyException ex)
        {
            LogSignRequestFailed(logger, purchase.Id, topic, ex.Message);
        }
    }

    public async Task PushAsync(Purchase purchase, string status, CancellationToken cancellationToken)
    {
        var extensions = new JsonObject
        {
            ["app_id"] = purchase.AppId,
            ["app_name"] = purchase.AppName.Length > 0 || status != PurchaseStatuses.NotBuy ? purchase.AppName : purchase.AppId,
            ["source_id"] = purchase.SourceId,
            ["status"] = status,
        };
        var payload = new JsonObject
        {
            ["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["user"] = purchase.UserId,
            ["notify_type"] = MarketEvent.PaymentStateUpdate,
            ["point"] = string.Empty,
            ["extensions"] = extensions,
        };
        if (status == PurchaseStatuses.PaymentRequired)
        {
            try
            {
                var data = await paymentData.BuildAsync(purchase, CallbackHost(purchase), null, null, cancellationToken);
                payload["extensions_obj"] = new JsonObject { ["payment_data"] = data };
            }
            catch (PaymentPartyException ex)
            {
                LogPaymentDataFailed(logger, purchase.Id, ex.Message);
            }
        }

        await events.PublishAsync(new MarketEvent(purchase.UserId, MarketEvent.PaymentStateUpdate, payload), cancellationToken);
    }

    /// <summary>Asks the developer once (an earlier purchase, or a re-sign verdict); "no record" here is not final: the user may still pay.</summary>
    private async Task QueryOnceAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        if (!purchase.HasJws)
        {
            return;
        }

        VcReply reply;
        try
        {
            reply = await checkout.ActivateAndGrantAsync(QueryOf(purchase), cancellationToken);
        }
        catch (PaymentPartyException ex)
        {
            LogVcQueryFailed(logger, purchase.Id, ex.Message);
            return;
        }

        var kind = DeveloperAnswer.Classify(reply.Code, !string.IsNullOrEmpty(reply.Vc), reply.Error);
        var recorded = await steps.SendAsync(new ApplyVcReplyCommand(purchase.Id, kind, reply.Vc), cancellationToken);
        await ApplyAsync(recorded.Purchase, recorded.Step, cancellationToken);
    }

    public static VcQuery QueryOf(Purchase purchase) => new(
        purchase.UserId, purchase.DeveloperName, purchase.ProductId, purchase.Jws ?? string.Empty, purchase.TxHash,
        purchase.PaymentStatus == PaymentProgress.FrontendCompleted);

    private async Task PublishAsync(LarePassMessage message, CancellationToken cancellationToken)
    {
        if (!await larePass.PublishAsync(message, cancellationToken))
        {
            LogLarePassUnavailable(logger, message.Topic, message.User);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LarePass {Topic} request for purchase {PurchaseId} not sent: {Reason}")]
    private static partial void LogSignRequestFailed(ILogger logger, long purchaseId, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "payment_data of purchase {PurchaseId} left out of the push: {Reason}")]
    private static partial void LogPaymentDataFailed(ILogger logger, long purchaseId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VC query for purchase {PurchaseId} failed: {Reason}")]
    private static partial void LogVcQueryFailed(ILogger logger, long purchaseId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LarePass {Topic} request for user {User} could not be handed over")]
    private static partial void LogLarePassUnavailable(ILogger logger, string topic, string user);
}
