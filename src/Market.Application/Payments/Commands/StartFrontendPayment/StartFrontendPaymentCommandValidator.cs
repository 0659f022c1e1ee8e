using FluentValidation;

namespace Market.Application.Payments.Commands.StartFrontendPayment;

public sealed class StartFrontendPaymentCommandValidator : AbstractValidator<StartFrontendPaymentCommand>
{
    public StartFrontendPaymentCommandValidator()
    {
        RuleFor(c => c.ForwardedHost).NotEmpty().WithMessage("X-Forwarded-Host header is required");
        RuleFor(c => c).Must(c => !string.IsNullOrWhiteSpace(c.SourceId) && !string.IsNullOrWhiteSpace(c.AppId))
            .WithMessage("Missing required fields: source_id, app_id");
        RuleFor(c => c.ProductId).Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("Missing required field: product_id");
    }
}
