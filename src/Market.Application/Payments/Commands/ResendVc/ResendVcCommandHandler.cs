using System.Text.Json.Nodes;
using Market.Application.Common.Exceptions;
using Market.Application.Common.Interfaces;
using Market.Domain.Payments;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Market.Application.Payments.Models;

namespace Market.Application.Payments.Commands.ResendVc;

public sealed class ResendVcCommandHandler(IMarketDbContext db, ILarePassChannel larePass) : ICommandHandler<ResendVcCommand, VcResentDto>
{
    public async ValueTask<VcResentDto> Handle(ResendVcCommand command, CancellationToken cancellationToken)
    {
        var productId = command.ProductId!.Trim();
        var purchases = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == command.User && p.ProductId == productId)
            .OrderByDescending(p => p.UpdatedAt)
            .ToListAsync(cancellationToken);
        var purchase = purchases.FirstOrDefault(p => p.IsConfirmed) ?? purchases.FirstOrDefault()
            ?? throw Fail($"payment state not found for user {command.User} and product {productId}");
        if (string.IsNullOrEmpty(purchase.Vc))
        {
            throw Fail($"vc not available for user {command.User} product {productId}");
        }

        if (purchase.DeveloperSync != SyncStatuses.Completed || purchase.PaymentStatus != PaymentProgress.DeveloperConfirmed)
        {
            throw Fail($"payment not confirmed, developer_sync={purchase.DeveloperSync} payment_status={purchase.PaymentStatus}");
        }

        if (!await larePass.PublishAsync(new LarePassMessage(command.User, LarePassMessage.SavePaymentVc, SignRequests.SaveVc(purchase)), cancellationToken))
        {
            throw Fail("LarePass is not reachable");
        }

        return new VcResentDto(productId);
    }

    private static BadRequestException Fail(string reason) => new($"Failed to resend VC: {reason}");
}
