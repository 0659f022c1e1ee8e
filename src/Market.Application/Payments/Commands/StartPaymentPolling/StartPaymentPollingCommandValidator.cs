using FluentValidation;

namespace Market.Application.Payments.Commands.StartPaymentPolling;

public sealed class StartPaymentPollingCommandValidator : AbstractValidator<StartPaymentPollingCommand>
{
    public StartPaymentPollingCommandValidator()
    {
        RuleFor(c => c.ForwardedHost).NotEmpty().WithMessage("X-Forwarded-Host header is required");
        RuleFor(c => c)
            .Must(c => new[] { c.SourceId, c.AppId, c.TxHash, c.ProductId }.All(v => !string.IsNullOrWhiteSpace(v)))
            .WithMessage("Missing required fields: source_id, app_id, tx_hash, product_id");
    }
}
