using FluentValidation;
using Market.Application.Apps.Commands.ResumeApp;

namespace Market.Application.Apps.Commands.StopApp;

public sealed class StopAppCommandValidator : AbstractValidator<StopAppCommand>
{
    public StopAppCommandValidator() =>
        RuleFor(c => c.AppName).Must(n => !string.IsNullOrEmpty(n)).WithMessage(ResumeAppCommandValidator.MissingName);
}
