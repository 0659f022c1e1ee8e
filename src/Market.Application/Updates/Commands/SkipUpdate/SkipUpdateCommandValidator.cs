using FluentValidation;

namespace Market.Application.Updates.Commands.SkipUpdate;

public sealed class SkipUpdateCommandValidator : AbstractValidator<SkipUpdateCommand>
{
    public SkipUpdateCommandValidator() => RuleFor(c => c.Version).NotNull().WithMessage("version is required (an empty one clears the skip)");
}
