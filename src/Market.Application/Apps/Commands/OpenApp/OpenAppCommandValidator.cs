using FluentValidation;

namespace Market.Application.Apps.Commands.OpenApp;

public sealed class OpenAppCommandValidator : AbstractValidator<OpenAppCommand>
{
    public OpenAppCommandValidator() =>
        RuleFor(c => c.Id).Must(id => !string.IsNullOrEmpty(id)).WithMessage("Application ID cannot be empty");
}
