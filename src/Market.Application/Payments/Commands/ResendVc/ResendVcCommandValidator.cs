using FluentValidation;

namespace Market.Application.Payments.Commands.ResendVc;

public sealed class ResendVcCommandValidator : AbstractValidator<ResendVcCommand>
{
    public ResendVcCommandValidator() =>
        RuleFor(c => c.ProductId).Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("Missing required field: product_id");
}
