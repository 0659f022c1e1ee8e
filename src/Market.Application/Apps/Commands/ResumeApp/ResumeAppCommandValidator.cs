using FluentValidation;

namespace Market.Application.Apps.Commands.ResumeApp;

public sealed class ResumeAppCommandValidator : AbstractValidator<ResumeAppCommand>
{
    public const string MissingName = "AppName cannot be empty";

    public ResumeAppCommandValidator() => RuleFor(c => c.AppName).Must(n => !string.IsNullOrEmpty(n)).WithMessage(MissingName);
}
