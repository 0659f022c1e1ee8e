using FluentValidation;

namespace Market.Application.History.Commands.PurgeHistory;

public sealed class PurgeHistoryCommandValidator : AbstractValidator<PurgeHistoryCommand>
{
    public PurgeHistoryCommandValidator() =>
        RuleFor(c => c.RetentionMonths).InclusiveBetween(1, 120).WithMessage("retention_months: must be between 1 and 120");
}
