using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Commands.OpenPurchase;
using Market.Application.Payments.Commands.RecordPurchaseState;
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

    /// <summary>The builder's object for this purchase (§3.10.2) with payment data, frontend data and token info as it says.</summary>
    public async Task<JsonObject> BuildAsync(Purchase purchase, PaidApp app, string? host, string failureMessage, CancellationToken cancellationToken)
    {
        var answer = PurchaseAnswerRules.AnswerFor(purchase);
        var developer = await paymentData.DeveloperAsync(purchase, await SourceBaseUrlAsync(purchase.SourceId, cancellationToken), cancellationToken);
        var data = new JsonObject { ["status"] = answer.Status };
        if (answer.Parts.HasFlag(PurchaseAnswerParts.PaymentData))
        {
            try
            {
                data["payment_data"] = await paymentData.BuildAsync(purchase, host ?? purchase.ForwardedHost, app, developer, cancellationToken);
            }
            catch (PaymentPartyException ex)
            {
                throw new InternalServerException(failureMessage, ex);
            }
        }

        if (answer.Message is not null)
        {
            data["message"] = answer.Message;
        }

        if (answer.Parts.HasFlag(PurchaseAnswerParts.FrontendData))
        {
            var frontend = FrontendData(purchase);
            data["frontend_data"] = frontend;
            data["frontend_payment_started_payload"] = new JsonObject { ["data"] = frontend.DeepClone() };
        }

        AddTokenInfo(data, app, purchase.ProductId, developer);
        return data;
    }

    public static void AddTokenInfo(JsonObject data, PaidApp app, string productId, DeveloperInfo? developer)
    {
        var tokens = TokenInfo.Build(app.Price, productId, developer);
        if (tokens.Count > 0)
        {
            data["token_info"] = tokens;
        }
    }

    public async Task<string?> SourceBaseUrlAsync(string sourceId, CancellationToken cancellationToken) =>
        await db.MarketSources.AsNoTracking().Where(s => s.Id == sourceId).Select(s => s.BaseUrl).FirstOrDefaultAsync(cancellationToken);

    public static JsonObject FrontendData(Purchase purchase) =>
        purchase.FrontendDataJson is { } json && JsonNode.Parse(json) is JsonObject obj ? obj : new JsonObject();

    public static JsonObject WithIdentity(JsonObject data, string appId, string source, string user)
    {
        data["app_id"] = appId;
        data["source"] = source;
        data["user"] = user;
        return data;
    }
}
