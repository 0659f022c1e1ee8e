using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.OpenPurchase;
using Market.Application.Payments.Commands.RecordPurchaseState;
using Market.Application.Payments.Models;
using Market.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments;

/// <summary>The parts every payment route shares: host checks, developer resolution, the builder's answer with its data.</summary>
public sealed class PurchaseAnswers(IMarketDbContext db, IScopedSender steps, PaymentData paymentData, IDidGate dids)
{
    /// <summary>400 before a bad host ever reaches a URL; null stays null.</summary>
    public static string? CheckHost(string? host)
    {
        if (host is null || host.Length == 0)
        {
            return null;
        }

        return ForwardedHost.IsValid(host) ? host.ToLowerInvariant() : throw new BadRequestException(ForwardedHost.InvalidMessage);
    }

    /// <summary>The purchase of this paid app, created on the first call; a developer whose DID is unknown is looked up (again).</summary>
    public async Task<Purchase> OpenAsync(PaidApp app, string user, string failureMessage, CancellationToken cancellationToken)
    {
        var purchase = await steps.SendAsync(new OpenPurchaseCommand(app, user), cancellationToken);
        if (purchase.HasValidDeveloperDid)
        {
            return purchase;
        }

        DidRecord? developer = null;
        if (purchase.DeveloperName.Length > 0)
        {
            try
            {
                developer = await dids.LookupAsync(purchase.DeveloperName, cancellationToken);
            }
            catch (PaymentPartyException)
            {
                developer = null;
            }
        }

        var stored = (await steps.SendAsync(new RecordPurchaseStateCommand(purchase.Id, new PurchaseChange.DeveloperLookedUp(developer)), cancellationToken)).Purchase;
        return stored.HasValidDeveloperDid ? stored : throw new InternalServerException(failureMessage);
    }

    /// <summary>The builder's answer for this purchase (§3.10.2) with payment data, frontend data and token info as it says.</summary>
    public async Task<PurchaseAnswerDto> BuildAsync(
        Purchase purchase, PaidApp app, string? host, string failureMessage, (string AppId, string Source, string User) identity, CancellationToken cancellationToken)
    {
        var answer = PurchaseAnswerRules.AnswerFor(purchase);
        var developer = await paymentData.DeveloperAsync(purchase, await SourceBaseUrlAsync(purchase.SourceId, cancellationToken), cancellationToken);
        JsonObject? payment = null;
        if (answer.Parts.HasFlag(PurchaseAnswerParts.PaymentData))
        {
            try
            {
                payment = await paymentData.BuildAsync(purchase, host ?? purchase.ForwardedHost, app, developer, cancellationToken);
            }
            catch (PaymentPartyException ex)
            {
                throw new InternalServerException(failureMessage, ex);
            }
        }

        var frontend = answer.Parts.HasFlag(PurchaseAnswerParts.FrontendData) ? FrontendData(purchase) : null;
        return new PurchaseAnswerDto
        {
            Status = answer.Status,
            PaymentData = payment,
            Message = answer.Message,
            FrontendData = frontend,
            FrontendPaymentStartedPayload = frontend is null ? null : new JsonObject { ["data"] = frontend.DeepClone() },
            TokenInfo = TokenInfoOf(app, purchase.ProductId, developer),
            AppId = identity.AppId,
            Source = identity.Source,
            User = identity.User,
        };
    }

    /// <summary>The tokens the app may be paid with; null (omitted) when there are none.</summary>
    public static JsonArray? TokenInfoOf(PaidApp app, string productId, DeveloperInfo? developer) =>
        TokenInfo.Build(app.Price, productId, developer) is { Count: > 0 } tokens ? tokens : null;

    public async Task<string?> SourceBaseUrlAsync(string sourceId, CancellationToken cancellationToken) =>
        await db.MarketSources.AsNoTracking().Where(s => s.Id == sourceId).Select(s => s.BaseUrl).FirstOrDefaultAsync(cancellationToken);

    public static JsonObject FrontendData(Purchase purchase) =>
        purchase.FrontendDataJson is { } json && JsonNode.Parse(json) is JsonObject obj ? obj : new JsonObject();
}
