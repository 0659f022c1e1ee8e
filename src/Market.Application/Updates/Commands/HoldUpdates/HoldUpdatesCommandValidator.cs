using FluentValidation;

namespace Market.Application.Updates.Commands.HoldUpdates;

public sealed class HoldUpdatesCommandValidator : AbstractValidator<HoldUpdatesCommand>
{
    public HoldUpdatesCommandValidator() => RuleFor(c => c.Held).NotNull().WithMessage("held is required (true or false)");
}
