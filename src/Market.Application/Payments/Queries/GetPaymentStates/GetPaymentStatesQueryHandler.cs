using System.Globalization;
using System.Text.Json.Nodes;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Market.Application.Payments.Queries.GetPaymentStates;

public sealed class GetPaymentStatesQueryHandler(IMarketDbContext db, TimeProvider clock) : IQueryHandler<GetPaymentStatesQuery, JsonObject>
{
    public const string Message = "Payment states retrieved successfully";
    private const string Masked = "***";

    public async ValueTask<JsonObject> Handle(GetPaymentStatesQuery query, CancellationToken cancellationToken)
    {
        var purchases = await db.Purchases.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var states = new JsonObject();
        foreach (var p in purchases)
        {
            states[$"{p.UserId}:{p.AppId}:{p.ProductId}"] = View(p);
        }

        return new JsonObject
        {
            ["total_states"] = purchases.Count,
            ["states"] = states,
            ["timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    private static JsonObject View(Purchase p) => new()
    {
        ["user_id"] = p.UserId,
        ["app_id"] = p.AppId,
        ["app_name"] = p.AppName,
        ["source_id"] = p.SourceId,
        ["product_id"] = p.ProductId,
        ["developer_name"] = p.DeveloperName,
        ["developer"] = new JsonObject { ["Name"] = p.DeveloperName, ["DID"] = p.DeveloperDid, ["RSAPubKey"] = p.DeveloperRsaKey },
        ["payment_need"] = p.PaymentNeed,
        ["developer_sync"] = p.DeveloperSync,
        ["larepass_sync"] = p.LarePassSync,
        ["signature_status"] = p.SignatureStatus,
        ["payment_status"] = p.PaymentStatus,
        ["jws"] = Mask(p.Jws),
        ["sign_body"] = Mask(p.SignBody),
        ["vc"] = Mask(p.Vc),
        ["tx_hash"] = p.TxHash ?? string.Empty,
        ["x_forwarded_host"] = p.ForwardedHost ?? string.Empty,
        ["frontend_data"] = p.FrontendDataJson is { } f ? JsonNode.Parse(f) : new JsonObject(),
        ["polling"] = new JsonObject { ["attempts_left"] = p.PollAttemptsLeft, ["due_at"] = p.PollDueAt?.ToString("O", CultureInfo.InvariantCulture) },
        ["created_at"] = p.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["updated_at"] = p.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? string.Empty : Masked;
}
