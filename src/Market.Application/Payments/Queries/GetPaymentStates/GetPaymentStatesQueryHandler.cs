using System.Globalization;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Application.Payments.Models;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Queries.GetPaymentStates;

public sealed class GetPaymentStatesQueryHandler(IMarketDbContext db, TimeProvider clock) : IQueryHandler<GetPaymentStatesQuery, PaymentStatesDto>
{
    public const string Message = "Payment states retrieved successfully";
    private const string Masked = "***";

    public async ValueTask<PaymentStatesDto> Handle(GetPaymentStatesQuery query, CancellationToken cancellationToken)
    {
        var purchases = await db.Purchases.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var states = new Dictionary<string, PurchaseStateDto>(StringComparer.Ordinal);
        foreach (var p in purchases)
        {
            states[$"{p.UserId}:{p.AppId}:{p.ProductId}"] = View(p);
        }

        return new PaymentStatesDto(purchases.Count, states, clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }

    private static PurchaseStateDto View(Purchase p) => new()
    {
        UserId = p.UserId,
        AppId = p.AppId,
        AppName = p.AppName,
        SourceId = p.SourceId,
        ProductId = p.ProductId,
        DeveloperName = p.DeveloperName,
        Developer = new PurchaseDeveloperDto(p.DeveloperName, p.DeveloperDid, p.DeveloperRsaKey),
        PaymentNeed = p.PaymentNeed,
        DeveloperSync = p.DeveloperSync,
        LarePassSync = p.LarePassSync,
        SignatureStatus = p.SignatureStatus,
        PaymentStatus = p.PaymentStatus,
        Jws = Mask(p.Jws),
        SignBody = Mask(p.SignBody),
        Vc = Mask(p.Vc),
        TxHash = p.TxHash ?? string.Empty,
        ForwardedHost = p.ForwardedHost ?? string.Empty,
        FrontendData = p.FrontendDataJson is { } f ? JsonNode.Parse(f) : new JsonObject(),
        Polling = new PurchasePollingDto(p.PollAttemptsLeft, p.PollDueAt?.ToString("O", CultureInfo.InvariantCulture)),
        CreatedAt = p.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        UpdatedAt = p.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? string.Empty : Masked;
}
