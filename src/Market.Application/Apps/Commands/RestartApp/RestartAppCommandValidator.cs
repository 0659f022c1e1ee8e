using FluentValidation;
using Market.Application.Apps.Commands.ResumeApp;

namespace Market.Application.Apps.Commands.RestartApp;

public sealed class RestartAppCommandValidator : AbstractValidator<RestartAppCommand>
{
    public RestartAppCommandValidator()
    {
        RuleFor(c => c.AppName).Must(n => !string.IsNullOrEmpty(n)).WithMessage(ResumeAppCommandValidator.MissingName);
        RuleForEach(c => c.ComputeBinding).Must(ResumeAppCommandValidator.IsComplete)
            .WithMessage(ResumeAppCommandValidator.InvalidBinding);
    }
}
